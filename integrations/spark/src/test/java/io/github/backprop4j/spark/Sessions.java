package io.github.backprop4j.spark;

import org.apache.spark.sql.SparkSession;

/** A quiet SparkSession for one test class: no UI, few shuffle partitions, in the given master. */
final class Sessions {

    private Sessions() {
    }

    static SparkSession start(String master) {
        return SparkSession.builder().master(master).appName("backprop4j-spark-test")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
    }
}
