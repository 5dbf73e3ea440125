package io.p2pboot.codec;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Constructor;
import tools.jackson.core.Version;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.deser.ValueInstantiator;
import tools.jackson.databind.deser.ValueInstantiators;
import tools.jackson.databind.deser.std.StdValueInstantiator;
import tools.jackson.databind.introspect.AnnotatedWithParams;

/**
 * Calls the constructors that take every property (a record's canonical constructor, a
 * {@code @JsonCreator} constructor) through a method handle prepared once per type. Jackson 3.1
 * calls them with {@code invokeWithArguments}, which builds a spreading handle on every call:
 * a quarter of the receiving thread's time for a small record in the {@code json-small}
 * benchmark. Anything else, and any constructor this module cannot reach, keeps Jackson's way.
 */
final class PreparedCreators extends JacksonModule {

    @Override
    public String getModuleName() {
        return "p2p-prepared-creators";
    }

    @Override
    public Version version() {
        return Version.unknownVersion();
    }

    @Override
    public void setupModule(SetupContext context) {
        context.addValueInstantiators(new ValueInstantiators.Base() {
            @Override
            public ValueInstantiator modifyValueInstantiator(DeserializationConfig config,
                    BeanDescription.Supplier beanDescRef, ValueInstantiator defaultInstantiator) {
                return prepare(defaultInstantiator);
            }
        });
    }

    /** The same instantiator with a prepared creator when it is Jackson's own with a reachable constructor. */
    static ValueInstantiator prepare(ValueInstantiator instantiator) {
        if (instantiator == null || instantiator.getClass() != StdValueInstantiator.class
                || !instantiator.canCreateFromObjectWith()) {
            return instantiator;
        }
        StdValueInstantiator std = (StdValueInstantiator) instantiator;
        AnnotatedWithParams creator = std.getWithArgsCreator();
        if (creator == null || !(creator.getAnnotated() instanceof Constructor<?> constructor)
                || constructor.getParameterCount() == 0) {
            return instantiator;
        }
        MethodHandle handle;
        try {
            MethodHandle direct = MethodHandles.lookup().unreflectConstructor(constructor);
            handle = direct.asType(direct.type().generic())
                    .asSpreader(Object[].class, constructor.getParameterCount());
        } catch (IllegalAccessException | RuntimeException unreachable) {
            return instantiator; // not public and not opened to us: Jackson's own way still works
        }
        return new Prepared(std, handle);
    }

    /** Jackson's instantiator, but for the call of the all-properties constructor. */
    private static final class Prepared extends StdValueInstantiator {

        private final transient MethodHandle creator; // (Object[]) -> Object

        Prepared(StdValueInstantiator source, MethodHandle creator) {
            super(source);
            this.creator = creator;
        }

        @Override
        public Object createFromObjectWith(DeserializationContext ctxt, Object[] args) {
            try {
                return (Object) creator.invokeExact(args);
            } catch (Error e) {
                throw e;
            } catch (Throwable t) {
                // As Jackson reports a constructor that threw, or arguments it could not take.
                return ctxt.handleInstantiationProblem(getValueClass(), args, rewrapCtorProblem(ctxt, t));
            }
        }
    }
}
