package io.github.unlearn4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import io.github.unlearn4j.api.model.ParameterGroup;
import io.github.unlearn4j.core.recipe.Ranking;
import io.github.unlearn4j.djl.model.Architectures;
import io.github.unlearn4j.djl.model.DjlModel;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The kept-set rules and the PyTorch-style initialization that the RBM diagnosis relies on. */
class RbmDiagnosisTest {
    private static DjlModel model() {
        return DjlModel.create(Architectures.mlp(6, 5, 4, 3), Device.cpu(), 7);
    }

    private static double[] scores(int n) {
        SplittableRandom r = new SplittableRandom(3);
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = r.nextDouble();
        }
        return s;
    }

    private static int kept(boolean[] kept, ParameterGroup g) {
        int k = 0;
        for (long j = g.offset(); j < g.offset() + g.size(); j++) {
            k += kept[(int) j] ? 1 : 0;
        }
        return k;
    }

    @Test
    void globalRankingKeepsTheTopShareOfAllParameters() {
        try (DjlModel m = model()) {
            int n = (int) m.description().parameterCount();
            double[] s = scores(n);
            boolean[] kept = RbmDiagnosis.keptSet(m, s, RbmDiagnosis.Config.base());
            int k = 0;
            double lowestKept = Double.MAX_VALUE;
            double highestDropped = -1;
            for (int i = 0; i < n; i++) {
                k += kept[i] ? 1 : 0;
                if (kept[i]) {
                    lowestKept = Math.min(lowestKept, s[i]);
                } else {
                    highestDropped = Math.max(highestDropped, s[i]);
                }
            }
            assertThat(k).isEqualTo((n + 1) / 2);
            assertThat(lowestKept).isGreaterThan(highestDropped);
        }
    }

    @Test
    void perTensorRankingKeepsTheTopShareOfEachTensor() {
        try (DjlModel m = model()) {
            double[] s = scores((int) m.description().parameterCount());
            boolean[] kept = RbmDiagnosis.keptSet(m, s, RbmDiagnosis.Config.base().with(x -> {
                x.ranking = Ranking.PER_TENSOR;
                return x;
            }));
            for (ParameterGroup g : m.description().groups()) {
                assertThat(kept(kept, g)).as(g.name()).isEqualTo((int) Math.ceil(g.size() / 2.0));
            }
        }
    }

    @Test
    void forcedBiasesAndOutputLayerAreNotRanked() {
        try (DjlModel m = model()) {
            double[] s = scores((int) m.description().parameterCount());
            boolean[] kept = RbmDiagnosis.keptSet(m, s, RbmDiagnosis.Config.base().with(x -> {
                x.biases = RbmDiagnosis.Forced.KEEP;
                x.output = RbmDiagnosis.Forced.RESET;
                return x;
            }));
            List<ParameterGroup> groups = m.description().groups();
            int ranked = 0;
            int rankedKept = 0;
            for (int gi = 0; gi < groups.size(); gi++) {
                ParameterGroup g = groups.get(gi);
                if (gi >= groups.size() - 2) {
                    assertThat(kept(kept, g)).as(g.name()).isZero();
                } else if (g.name().endsWith("bias")) {
                    assertThat(kept(kept, g)).as(g.name()).isEqualTo((int) g.size());
                } else {
                    ranked += (int) g.size();
                    rankedKept += kept(kept, g);
                }
            }
            assertThat(rankedKept).isEqualTo((ranked + 1) / 2);
        }
    }

    @Test
    void torchDefaultInitDrawsWeightsAndBiasesWithinOneOverRootFanIn() {
        try (DjlModel m = model()) {
            RbmDiagnosis.torchDefaultInit(m, 5);
            float[] p = m.parameters();
            List<ParameterGroup> groups = m.description().groups();
            for (int gi = 0; gi < groups.size(); gi += 2) {
                long fanIn = groups.get(gi).size() / groups.get(gi + 1).size();
                double bound = 1 / Math.sqrt(fanIn);
                for (ParameterGroup g : List.of(groups.get(gi), groups.get(gi + 1))) {
                    boolean nonZero = false;
                    for (long j = g.offset(); j < g.offset() + g.size(); j++) {
                        assertThat(Math.abs(p[(int) j])).as(g.name()).isLessThanOrEqualTo((float) bound);
                        nonZero |= p[(int) j] != 0f;
                    }
                    assertThat(nonZero).as(g.name()).isTrue();
                }
            }
        }
    }
}
