/**
 * Serving the web UI: the single page for every page path, long-lived caching of content-hashed assets, the
 * security headers of HTML answers, and the ES modules plugins ship for their widgets.
 */
package dev.hearth.web;
