package io.github.unlearn4j.core.theory;

/** Small dense-vector helpers in double precision. */
public final class Vectors {
    private Vectors() {}

    /**
     * The Euclidean norm.
     *
     * @param v the vector
     * @return ‖v‖
     */
    public static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    /**
     * The difference a − b.
     *
     * @param a a vector
     * @param b a vector of the same length
     * @return a new vector
     */
    public static double[] minus(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] - b[i];
        }
        return out;
    }

    /**
     * Widens floats to doubles.
     *
     * @param v a float vector
     * @return the same values as doubles
     */
    public static double[] toDoubles(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    /**
     * Narrows doubles to floats.
     *
     * @param v a double vector
     * @return the nearest floats
     */
    public static float[] toFloats(double[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }

    /**
     * The relative distance ‖a − b‖ / ‖b‖.
     *
     * @param a a vector
     * @param b the reference vector, non-zero
     * @return the relative distance
     */
    public static double relativeDistance(double[] a, double[] b) {
        return norm(minus(a, b)) / norm(b);
    }
}
