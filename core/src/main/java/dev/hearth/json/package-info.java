/**
 * Reading JSON that comes from outside (request bodies, upstream answers) safely: whole, within a size limit, and
 * proved complete before any binding sees it.
 */
package dev.hearth.json;
