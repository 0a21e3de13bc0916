/**
 * The Kubernetes Gateway API provider's translation: GatewayClasses, Gateways and routes of
 * {@code gateway.networking.k8s.io} into Traefik's dynamic configuration, with Traefik v3.7's names,
 * rules and priorities, plus the conditions each object would get.
 */
package io.jetway.translate.gateway;
