package io.github.unlearn4j.examples.cli;

import ai.djl.Device;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.unlearn4j.api.BackendException;
import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.UnlearnException;
import io.github.unlearn4j.api.progress.ProgressListener;
import io.github.unlearn4j.api.registry.UnlearnerRegistry;
import io.github.unlearn4j.api.registry.VerifierRegistry;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.core.checkpoint.DataFingerprint;
import io.github.unlearn4j.core.ledger.DeletionLedger;
import io.github.unlearn4j.core.ledger.JdbcLedgerStore;
import io.github.unlearn4j.core.ledger.RetrainSchedule;
import io.github.unlearn4j.core.plan.UnlearningPlan;
import io.github.unlearn4j.core.policy.ForgettingPolicy;
import io.github.unlearn4j.core.recipe.TrainingSettings;
import io.github.unlearn4j.core.verify.MetricCatalog;
import io.github.unlearn4j.core.verify.VerificationSuite;
import io.github.unlearn4j.djl.DevicePreference;
import io.github.unlearn4j.djl.DjlDevices;
import io.github.unlearn4j.djl.FallbackPolicy;
import io.github.unlearn4j.djl.data.DjlDataset;
import io.github.unlearn4j.djl.mnist.FashionMnistOrSynthetic;
import io.github.unlearn4j.djl.mnist.LabeledImages;
import io.github.unlearn4j.djl.model.Architectures;
import io.github.unlearn4j.djl.model.DjlArchitecture;
import io.github.unlearn4j.djl.model.DjlModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The folder of one {@code unlearn4j ledger}: {@value #CONFIG} (the configuration {@code ledger
 * init} was given: data, architecture, recipe, plan, policy, schedule), the H2 database
 * {@code ledger.mv.db} (requests, model versions, the receipt chain) and {@code models/} (the
 * versions' parameter files). Every check of a folder given with {@code --ledger} is here, and
 * fails with an {@link InvalidRequestException} naming {@code --ledger} and the path.
 */
final class LedgerFolder {
    /** The configuration file. */
    static final String CONFIG = "ledger.json";
    /** The database file's stem (H2 adds {@code .mv.db}). */
    static final String DATABASE = "ledger";
    /** The database file. */
    static final String DATABASE_FILE = DATABASE + ".mv.db";
    /** The folder of the model versions. */
    static final String MODELS = "models";
    /** The format of {@value #CONFIG}. */
    static final String FORMAT = "unlearn4j-ledger/1";
    static final String OPTION = "--ledger";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    private LedgerFolder() {}

    /**
     * The retrain schedule, JSON-friendly: null for an infinite budget or an unknown drift per round.
     *
     * @param everyRounds every N rounds, 0 for never
     * @param maxDrift drift budget, null for none
     * @param maxSeconds time budget, null for none
     * @param driftPerRound drift per approximate round, null when unknown
     */
    record Schedule(int everyRounds, Double maxDrift, Double maxSeconds, Double driftPerRound) {
        RetrainSchedule toSchedule() {
            RetrainSchedule s = RetrainSchedule.of(everyRounds, maxDrift == null ? Double.POSITIVE_INFINITY : maxDrift,
                    maxSeconds == null ? Double.POSITIVE_INFINITY : maxSeconds);
            return driftPerRound == null ? s : s.withDriftPerRound(driftPerRound);
        }

        /** @return the schedule in words */
        String describe() {
            List<String> parts = new ArrayList<>();
            if (everyRounds > 0) {
                parts.add("every " + everyRounds + " rounds");
            }
            if (maxDrift != null) {
                parts.add("drift budget " + maxDrift + (driftPerRound == null ? "" : " (" + driftPerRound
                        + " per round)"));
            }
            if (maxSeconds != null) {
                parts.add("time budget " + maxSeconds + " s");
            }
            return parts.isEmpty() ? "retrain only when the plan's methods fail" : "retrain " + String.join(", ", parts);
        }

        /** @return the drift budget, infinite when none */
        double budget() {
            return maxDrift == null ? Double.POSITIVE_INFINITY : maxDrift;
        }
    }

    /**
     * What {@code ledger init} was given, resolved (every default filled in), so that later
     * subcommands rebuild the same data, model and plans.
     *
     * @param format {@value LedgerFolder#FORMAT}
     * @param data {@value FashionMnistOrSynthetic#SYNTHETIC}, or the absolute Fashion-MNIST folder
     * @param dataFingerprint the fingerprint of the training and test images' content
     * @param trainSize training images (the row ids of requests are 0 to trainSize - 1)
     * @param testSize test images
     * @param seed the seed of the synthetic images, the model's initialization, training and plans
     * @param model {@code mlp} or {@code cnn}
     * @param hidden the MLP's hidden layer sizes (empty for the CNN)
     * @param recipe the original's training recipe
     * @param original {@code trained}, or the checkpoint the original was read from
     * @param plan the escalation plan's methods
     * @param settings the settings of every plan method and of {@code retrain}
     * @param policy the policy, as given to {@link ForgettingPolicy#parse(String, MetricCatalog)}
     * @param verifiers verifiers run beside the policy's
     * @param verifierSettings their settings
     * @param minSamples fewest samples a metric needs to count
     * @param schedule the retrain schedule
     */
    record Config(String format, String data, String dataFingerprint, int trainSize, int testSize, long seed,
            String model, List<Integer> hidden, TrainingSettings recipe, String original, List<String> plan,
            Map<String, Map<String, Object>> settings, String policy, List<String> verifiers,
            Map<String, Map<String, Object>> verifierSettings, int minSamples, Schedule schedule) {

        /** @return the architecture */
        DjlArchitecture architecture() {
            if (model.equals("cnn")) {
                return Architectures.smallCnn();
            }
            int[] sizes = new int[hidden.size() + 2];
            sizes[0] = 784;
            for (int i = 0; i < hidden.size(); i++) {
                sizes[i + 1] = hidden.get(i);
            }
            sizes[sizes.length - 1] = 10;
            return Architectures.mlp(sizes);
        }

        /** @return one line: data, model, plan, policy, schedule */
        String describe() {
            return String.format(Locale.ROOT, "%s (%d train, %d test), %s, plan %s, policy %s, %s", data,
                    trainSize, testSize, architecture().name(), String.join(",", plan), policy, schedule.describe());
        }

        /** Checks what a hand-edited or truncated file could lack; names the field. */
        void check(Path file) {
            List<String> missing = new ArrayList<>();
            if (!FORMAT.equals(format)) {
                throw corrupt(file, "its format is " + format + ", not " + FORMAT);
            }
            Object[][] fields = {{"data", data}, {"dataFingerprint", dataFingerprint}, {"model", model},
                {"hidden", hidden}, {"recipe", recipe}, {"plan", plan}, {"settings", settings}, {"policy", policy},
                {"verifiers", verifiers}, {"verifierSettings", verifierSettings}, {"schedule", schedule}};
            for (Object[] f : fields) {
                if (f[1] == null) {
                    missing.add((String) f[0]);
                }
            }
            if (!missing.isEmpty()) {
                throw corrupt(file, "it lacks " + String.join(", ", missing));
            }
            if (trainSize < 1 || testSize < 1 || plan.isEmpty() || !model.matches("mlp|cnn")) {
                throw corrupt(file, "trainSize, testSize, plan or model has an impossible value");
            }
        }
    }

    /** A configuration file that cannot be used: status 2, naming the file. */
    private static InvalidRequestException corrupt(Path file, String why) {
        return InvalidRequestException.of(OPTION, file.getParent(), "its configuration " + file + " cannot be used: "
                + why + "; it is written by `unlearn4j ledger init` and should not be edited");
    }

    /**
     * Checks that a folder is a ledger: it exists, is a folder, holds {@value #CONFIG} and the
     * database.
     *
     * @param dir the folder
     * @return the folder
     */
    static Path requireLedger(Path dir) {
        if (!Files.exists(dir)) {
            throw InvalidRequestException.of(OPTION, dir, "does not exist; create a ledger with `unlearn4j ledger init"
                    + " --ledger " + dir + "`");
        }
        if (!Files.isDirectory(dir)) {
            throw InvalidRequestException.of(OPTION, dir, "is a file; name the ledger's folder");
        }
        if (!Files.isRegularFile(dir.resolve(CONFIG))) {
            throw InvalidRequestException.of(OPTION, dir, "is not a ledger (it has no " + CONFIG + "); create one with"
                    + " `unlearn4j ledger init --ledger DIR`");
        }
        if (!Files.isRegularFile(dir.resolve(DATABASE_FILE))) {
            throw InvalidRequestException.of(OPTION, dir, "is not a whole ledger: it has " + CONFIG + " but no database "
                    + DATABASE_FILE);
        }
        return dir;
    }

    /**
     * Reads the configuration of a ledger folder ({@link #requireLedger} first).
     *
     * @param dir the folder
     * @return the configuration
     */
    static Config readConfig(Path dir) {
        Path file = requireLedger(dir).resolve(CONFIG);
        Config c;
        try {
            c = JSON.readValue(file.toFile(), Config.class);
        } catch (IOException e) {
            throw corrupt(file, oneLine(e.getMessage()));
        }
        if (c == null) {
            throw corrupt(file, "it is empty");
        }
        c.check(file);
        return c;
    }

    /**
     * Writes the configuration atomically (a temporary file moved into place).
     *
     * @param dir the folder
     * @param config the configuration
     */
    static void writeConfig(Path dir, Config config) {
        Path file = dir.resolve(CONFIG);
        try {
            Path tmp = Files.createTempFile(dir, "." + CONFIG, ".tmp");
            Files.writeString(tmp, JSON.writeValueAsString(config));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UnlearnException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens the ledger's database ({@link #requireLedger} first). A database that cannot be opened
     * is bad input (status 2) naming the file, except one that another process holds open.
     *
     * @param dir the folder
     * @return the store; close it
     */
    static JdbcLedgerStore openStore(Path dir) {
        requireLedger(dir);
        return open(dir);
    }

    /** Opens (or, for init, creates) the database of a folder. */
    static JdbcLedgerStore open(Path dir) {
        try {
            return JdbcLedgerStore.h2(dir.resolve(DATABASE));
        } catch (BackendException e) {
            String why = oneLine(e.getMessage());
            if (why.contains("already in use") || why.contains("locked")) {
                throw new UnlearnException("the ledger database " + dir.resolve(DATABASE_FILE) + " is in use by another"
                        + " process (a `ledger run` in progress?); try again when it has finished", e);
            }
            throw InvalidRequestException.of(OPTION, dir, "its database " + dir.resolve(DATABASE_FILE) + " cannot be"
                    + " opened (corrupt, or not an H2 database): " + why);
        }
    }

    /** The first line of a message, at most 300 characters. */
    static String oneLine(String message) {
        String m = message == null ? "" : message.strip();
        int nl = m.indexOf('\n');
        if (nl >= 0) {
            m = m.substring(0, nl);
        }
        return m.length() > 300 ? m.substring(0, 300) + "..." : m;
    }

    /**
     * The fingerprint of the images' content: data name, sizes, labels and pixels of both sets.
     *
     * @param images the images
     * @return 64 hex digits
     */
    static String fingerprint(FashionMnistOrSynthetic.Images images) {
        DataFingerprint.Builder b = DataFingerprint.builder().add(images.dataName());
        for (LabeledImages i : List.of(images.train(), images.test())) {
            b.add(i.name()).add(i.size()).add(i.labels()).add(i.pixels());
        }
        return b.hex();
    }

    /**
     * The plans of a configuration: the escalation plan an approximate round runs, and the retrain
     * plan a scheduled retrain runs. Every name and setting is checked here.
     *
     * @param c the configuration
     * @param progress training progress
     * @return the plan and the retrain plan
     */
    static UnlearningPlan[] plans(Config c, ProgressListener progress) {
        VerifierRegistry verifiers = VerifierRegistry.loadDefault();
        ForgettingPolicy policy = ForgettingPolicy.parse(c.policy(), MetricCatalog.of(verifiers));
        Settings retrain = Settings.of(c.settings().getOrDefault(UnlearningPlan.RETRAIN, Map.of()));
        UnlearningPlan.Builder plan = UnlearningPlan.builder().optPolicy(policy).optVerification(suite(c, verifiers))
                .optSeed(c.seed()).optReferenceSettings(retrain).optProgress(progress);
        for (String m : c.plan()) {
            plan.addStep(m, Settings.of(c.settings().getOrDefault(m, Map.of())));
        }
        UnlearningPlan retrainPlan = UnlearningPlan.builder().optPolicy(policy).optVerification(suite(c, verifiers))
                .optSeed(c.seed()).optReferenceSettings(retrain).optProgress(progress)
                .addStep(UnlearningPlan.RETRAIN, retrain).build();
        return new UnlearningPlan[] {plan.build(), retrainPlan};
    }

    private static VerificationSuite.Builder suite(Config c, VerifierRegistry verifiers) {
        VerificationSuite.Builder suite = VerificationSuite.builder().optMinSamples(c.minSamples())
                .optRegistry(verifiers).addVerifiers(c.verifiers());
        c.verifierSettings().forEach((v, vs) -> suite.optSettings(v, Settings.of(vs)));
        return suite;
    }

    /**
     * Whether a method declares an {@code epochs} setting.
     *
     * @param registry the registry
     * @param method the method
     * @return true when it does
     */
    static boolean declaresEpochs(UnlearnerRegistry registry, String method) {
        return registry.provider(method).settingsSchema().settings().stream()
                .anyMatch(x -> x.name().equals(TrainingSettings.EPOCHS));
    }

    /**
     * The ledger's data, model template and {@link DeletionLedger}, opened from a configuration.
     * Closing it closes all of them.
     */
    static final class Opened implements AutoCloseable {
        final DjlDataset train;
        final DjlDataset test;
        final DjlModel template;
        final DeletionLedger ledger;

        private Opened(DjlDataset train, DjlDataset test, DjlModel template, DeletionLedger ledger) {
            this.train = train;
            this.test = test;
            this.template = template;
            this.ledger = ledger;
        }

        /**
         * Loads the data (checking it is the data the ledger was made with), builds the plans and
         * opens the ledger.
         *
         * @param dir the ledger folder
         * @param c its configuration
         * @param images the images, already loaded (and checked)
         * @param progress training progress
         * @param phases told each round's phases
         * @return the opened ledger
         */
        static Opened open(Path dir, Config c, FashionMnistOrSynthetic.Images images, ProgressListener progress,
                Consumer<String> phases) {
            UnlearningPlan[] plans = plans(c, progress);
            Device device = DjlDevices.resolve(DevicePreference.AUTO, FallbackPolicy.FALLBACK_TO_CPU);
            DjlDataset train = images.train().toDataset(device);
            DjlDataset test = null;
            DjlModel template = null;
            JdbcLedgerStore store = null;
            try {
                test = images.test().toDataset(device);
                template = DjlModel.create(c.architecture(), device, c.seed());
                store = LedgerFolder.open(dir);
                DeletionLedger ledger = new DeletionLedger(store, dir.resolve(MODELS), train, test, plans[0], template,
                        phases, c.schedule().toSchedule(), plans[1]);
                return new Opened(train, test, template, ledger);
            } catch (RuntimeException e) {
                for (AutoCloseable a : new AutoCloseable[] {store, template, test, train}) {
                    closeQuietly(a, e);
                }
                throw e;
            }
        }

        private static void closeQuietly(AutoCloseable a, Throwable into) {
            if (a == null) {
                return;
            }
            try {
                a.close();
            } catch (Exception x) {
                into.addSuppressed(x);
            }
        }

        @Override
        public void close() {
            try (DjlDataset tr = train; DjlDataset te = test; DjlModel t = template) {
                ledger.close();
            }
        }
    }

    /**
     * Loads the images a configuration names and checks their fingerprint.
     *
     * @param dir the ledger folder
     * @param c the configuration
     * @param defaultData the default Fashion-MNIST folder (unused: the configuration names the data)
     * @return the images
     */
    static FashionMnistOrSynthetic.Images loadData(Path dir, Config c, Path defaultData) {
        boolean synthetic = c.data().equals(FashionMnistOrSynthetic.SYNTHETIC);
        FashionMnistOrSynthetic source;
        try {
            source = FashionMnistOrSynthetic.resolve(synthetic ? null : Path.of(c.data()), synthetic, defaultData);
        } catch (InvalidRequestException e) {
            throw InvalidRequestException.of(OPTION, dir, "its data " + c.data() + " cannot be read: " + e.getMessage());
        }
        FashionMnistOrSynthetic.Images images = source.load(c.trainSize(), c.testSize(), 0, false, c.seed());
        if (!fingerprint(images).equals(c.dataFingerprint())) {
            throw InvalidRequestException.of(OPTION, dir, "its data " + c.data() + " is not the data the ledger was"
                    + " made with (" + images.train().size() + " training images, fingerprint "
                    + fingerprint(images).substring(0, 16) + ", expected " + c.dataFingerprint().substring(0, 16)
                    + "): request row ids would name other images");
        }
        return images;
    }

    /**
     * Writes an object as indented JSON.
     *
     * @param value the object
     * @return the JSON
     */
    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UnlearnException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** @return the shared mapper */
    static ObjectMapper mapper() {
        return JSON;
    }
}
