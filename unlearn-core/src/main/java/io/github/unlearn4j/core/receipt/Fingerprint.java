package io.github.unlearn4j.core.receipt;

import io.github.unlearn4j.api.model.TrainableModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 fingerprints of model parameters, as written in receipts. Forget sets are not
 * fingerprinted with a plain hash (it could be reversed by trying candidates): see
 * {@link ForgetSetCommitment}.
 */
public final class Fingerprint {
    /** The hash algorithm. */
    public static final String ALGORITHM = "SHA-256";
    /** How parameters are turned into bytes before hashing. */
    public static final String PARAMETER_ENCODING = "each parameter of TrainableModel.parameters(), in its flat order"
            + " (ModelDescription.groups), as its IEEE-754 binary32 bits (Float.floatToIntBits, so every NaN is"
            + " 0x7fc00000), 4 bytes big-endian, concatenated; lower-case hex digest";

    private static final int CHUNK = 8192;

    private Fingerprint() {}

    /**
     * The fingerprint of a parameter vector.
     *
     * @param values the parameters
     * @return the lower-case hex SHA-256 of {@link #PARAMETER_ENCODING}
     */
    public static String parameters(float[] values) {
        MessageDigest md = digest();
        ByteBuffer buf = ByteBuffer.allocate(4 * Math.min(Math.max(values.length, 1), CHUNK)).order(ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < values.length; i++) {
            if (!buf.hasRemaining()) {
                md.update(buf.array(), 0, buf.position());
                buf.clear();
            }
            buf.putInt(Float.floatToIntBits(values[i]));
        }
        md.update(buf.array(), 0, buf.position());
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * The fingerprint of a model's parameters; reads the model only.
     *
     * @param model the model
     * @return the lower-case hex SHA-256 of its parameters
     */
    public static String parameters(TrainableModel model) {
        return parameters(model.parameters());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance(ALGORITHM);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide " + ALGORITHM, e);
        }
    }
}
