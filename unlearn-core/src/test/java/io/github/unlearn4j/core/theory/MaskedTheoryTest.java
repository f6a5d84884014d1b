package io.github.unlearn4j.core.theory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

import io.github.unlearn4j.api.registry.UnlearnerRegistry;
import io.github.unlearn4j.core.theory.LinearTheory.Figures;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RBM against FT, SalUn and golden in the linear theory, with a fixed seed (DESIGN.md §2). */
class MaskedTheoryTest {
    private static final long SEED = 7;
    private static Map<String, Figures> distinct;
    private static Map<String, Figures> overlapping;
    private static LinearTheory distinctTheory;

    @BeforeAll
    static void run() {
        UnlearnerRegistry registry = UnlearnerRegistry.loadDefault();
        distinctTheory = new LinearTheory(
                LinearTheoryData.generate(FeatureRegime.DISTINCT, LinearTheoryData.Config.DEFAULT, SEED), registry);
        distinct = distinctTheory.run(SEED);
        overlapping = new LinearTheory(
                LinearTheoryData.generate(FeatureRegime.OVERLAPPING, LinearTheoryData.Config.DEFAULT, SEED), registry)
                .run(SEED);
    }

    @Test
    void distinctRbmReachesGoldenWhileFtStaysFar() {
        assertThat(distinct.get("rbm").distanceToGolden()).isLessThan(1e-4);
        assertThat(distinct.get("rbm").forgetLoss()).isCloseTo(distinct.get("golden").forgetLoss(), withPercentage(1));
        assertThat(distinct.get("ft").distanceToGolden()).isGreaterThan(0.3);
    }

    @Test
    void distinctRbmResetsExactlyTheForgetOnlyCoordinates() {
        LinearTheoryData.Config c = LinearTheoryData.Config.DEFAULT;
        assertThat(distinctTheory.rbmResetCount()).isEqualTo(c.dForget());
    }

    @Test
    void overlappingRbmKeepsSharedCoordinatesSoRemainingLossStaysZeroAndItBeatsFt() {
        assertThat(overlapping.get("rbm-masked").remainingLoss()).isLessThan(1e-6);
        assertThat(overlapping.get("rbm").remainingLoss()).isLessThan(1e-6);
        assertThat(overlapping.get("rbm").distanceToGolden()).isLessThan(overlapping.get("ft").distanceToGolden());
        assertThat(overlapping.get("rbm").forgetLoss()).isGreaterThan(100 * overlapping.get("ft").forgetLoss());
    }

    @Test
    void overlappingSalunOnTheSameBudgetDestroysSharedCoordinates() {
        // the forget-saliency mask resets shared coordinates, so the masked model loses its fit to D_r
        assertThat(overlapping.get("salun-masked").remainingLoss()).isGreaterThan(1.0);
        // and, on the same budget, it leaves forget-only coordinates in place: less forgetting, further from golden
        assertThat(overlapping.get("salun").forgetLoss()).isLessThan(overlapping.get("rbm").forgetLoss());
        assertThat(overlapping.get("salun").distanceToGolden()).isGreaterThan(overlapping.get("rbm").distanceToGolden());
    }
}
