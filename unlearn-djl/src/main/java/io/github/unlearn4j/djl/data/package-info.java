/**
 * Data for the DJL backend: {@link io.github.unlearn4j.djl.data.DjlDataset}, which holds features on
 * a device and gathers batch rows there, adapters from and to DJL's {@code ArrayDataset}, and
 * forget-set helpers.
 */
package io.github.unlearn4j.djl.data;
