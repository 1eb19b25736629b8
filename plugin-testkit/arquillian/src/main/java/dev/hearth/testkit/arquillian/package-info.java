/**
 * The in-container tier of Hearth's plugin test kit: {@link dev.hearth.testkit.arquillian.HearthPluginIT} runs a
 * test class on Arquillian against Hearth's WAR on Payara Micro and an embedded MariaDB, with the plugin under test
 * dropped in; {@link dev.hearth.testkit.arquillian.HearthClient} calls Hearth's REST API.
 */
package dev.hearth.testkit.arquillian;
