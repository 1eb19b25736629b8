/**
 * Several instances as one: events every instance must hear of ({@link dev.hearth.cluster.ClusterEvent}), and
 * maps shared between them ({@link dev.hearth.cluster.SharedMap}), on Payara's data grid (Hazelcast) when Hearth
 * runs as a cluster, in this instance's memory when it runs alone.
 */
package dev.hearth.cluster;
