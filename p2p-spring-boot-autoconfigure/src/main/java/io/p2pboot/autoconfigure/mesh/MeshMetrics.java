package io.p2pboot.autoconfigure.mesh;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.p2pboot.autoconfigure.metrics.P2pMeter;
import io.p2pboot.mesh.Mesh;
import io.p2pboot.mesh.MeshState;
import java.util.function.ToDoubleFunction;

/** The mesh's meters ({@code p2p.mesh.*} in {@link P2pMeter}), read from its state. */
public class MeshMetrics implements MeterBinder {

    private final Mesh mesh;

    public MeshMetrics(Mesh mesh) {
        this.mesh = mesh;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        gauge(registry, P2pMeter.MESH_CONNECTED, MeshState::connected);
        gauge(registry, P2pMeter.MESH_WANTED, MeshState::wanted);
        counter(registry, P2pMeter.MESH_RECONNECTS, MeshState::reconnects);
        counter(registry, P2pMeter.MESH_GAVE_UP, MeshState::gaveUp);
    }

    private void gauge(MeterRegistry registry, P2pMeter meter, ToDoubleFunction<MeshState> value) {
        Gauge.builder(meter.meterName(), mesh, m -> value.applyAsDouble(m.state()))
                .description(meter.description()).register(registry);
    }

    private void counter(MeterRegistry registry, P2pMeter meter, ToDoubleFunction<MeshState> value) {
        FunctionCounter.builder(meter.meterName(), mesh, m -> value.applyAsDouble(m.state()))
                .description(meter.description()).register(registry);
    }
}
