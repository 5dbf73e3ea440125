package io.p2pboot.autoconfigure.handler;

import java.lang.annotation.Annotation;

/**
 * One handler annotation found on a method, merged from any meta-annotation it came through.
 *
 * @param annotation the synthesized annotation, whose attributes (such as {@link OnData} filters) apply
 */
record HandlerDeclaration(HandlerEvent event, Annotation annotation) {
}
