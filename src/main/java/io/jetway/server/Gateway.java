package io.jetway.server;

import io.jetway.config.FileProviderConfig;
import io.jetway.config.StaticConfig;
import io.jetway.provider.Provider;
import io.jetway.provider.file.FileProvider;
import io.jetway.routing.RoutingTableHolder;
import io.jetway.service.InternalService;
import io.jetway.tls.acme.CertificateResolvers;
import io.jetway.translate.crd.CrdOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Owns the providers and the configuration pipeline for the life of the web application: started
 * when the application starts, stopped (threads and watches released) when it stops.
 */
@ApplicationScoped
public class Gateway {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    @Inject
    RoutingTableHolder holder;

    private final List<Provider> providers = new ArrayList<>();
    private ConfigurationPipeline pipeline;
    private volatile JetwayRuntime runtime;
    private volatile CertificateResolvers certificateResolvers;

    public synchronized void start(JetwayRuntime runtime) {
        this.runtime = runtime;
        StaticConfig config = runtime.config();
        CrdOptions crdOptions = new CrdOptions(config.kubernetesCrd().allowCrossNamespace(),
                config.kubernetesCrd().allowEmptyServices(), config.kubernetesCrd().allowExternalNameServices(), false);
        pipeline = new ConfigurationPipeline(holder, runtime.routingEntryPoints(), crdOptions,
                InternalService.enabledBy(config.api(), config.ping(), config.metrics()), runtime.metrics());
        if (!config.certificateResolvers().isEmpty()) {
            // Before the providers: the first table already tells the resolvers what to order.
            certificateResolvers = new CertificateResolvers(config.certificateResolvers(), runtime.routingEntryPoints());
            holder.addSwapListener(certificateResolvers);
        }
        FileProviderConfig file = config.fileProvider();
        if (file != null && (file.directory() != null || file.filename() != null)) {
            startProvider(new FileProvider(file.directory(), file.filename(), file.watch()));
        } else {
            LOG.warn("event=no-provider msg=\"no provider configured: every request gets 404 (use --providers.file.directory)\"");
        }
    }

    private void startProvider(Provider provider) {
        try {
            provider.start(snapshot -> pipeline.accept(provider.name(), snapshot));
            providers.add(provider);
            LOG.info("event=provider-started provider={}", provider.name());
        } catch (Exception e) {
            // Dynamic configuration never stops the process: serve without this provider.
            LOG.error("event=provider-failed provider={} msg=\"{}\"", provider.name(), e.toString());
        }
    }

    /** What the application was started with, or null before {@link #start}. */
    public JetwayRuntime runtime() {
        return runtime;
    }

    /** The ACME resolvers, or null when none is configured. */
    public CertificateResolvers certificateResolvers() {
        return certificateResolvers;
    }

    public synchronized void stop() {
        for (Provider p : providers) {
            p.close();
        }
        providers.clear();
        if (certificateResolvers != null) {
            holder.removeSwapListener(certificateResolvers);
            certificateResolvers.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
    }
}
