package org.relaywarden.process;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.spring.ApplicationContextElResolver;
import org.camunda.bpm.engine.spring.SpringExpressionManager;
import org.camunda.bpm.impl.juel.jakarta.el.CompositeELResolver;
import org.camunda.bpm.impl.juel.jakarta.el.ELContext;
import org.camunda.bpm.impl.juel.jakarta.el.ELResolver;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The process's expressions find Relaywarden's own beans ({@code ${suspendRelay}}, {@code ${caseTimings...}},
 * {@code ${blastRadius...}}) before the process variables. Camunda's Spring expression manager asks the variables
 * first: every delegate expression and every job's retry cycle loaded all variables of the execution and its parents
 * from the database only to find that none is called {@code suspendRelay} (issue 33: a tenth of a job's CPU), and a
 * variable of that name, which a task form could write, would have replaced the delegate. Names that are not beans of
 * the {@code org.relaywarden} packages (gateway conditions such as {@code ${route == ...}}) still resolve as before.
 */
@Component
class OwnBeansFirstPlugin extends AbstractProcessEnginePlugin {

    private final ApplicationContext context;

    OwnBeansFirstPlugin(ApplicationContext context) {
        this.context = context;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        configuration.setExpressionManager(new SpringExpressionManager(context, configuration.getBeans()) {
            @Override
            protected ELResolver createElResolver() {
                CompositeELResolver resolver = new CompositeELResolver();
                resolver.add(new OwnBeans(applicationContext));
                resolver.add(super.createElResolver());
                return resolver;
            }
        });
    }

    /** Resolves a top-level name that is a bean of Relaywarden's own (by its class's package); others pass on. */
    static final class OwnBeans extends ApplicationContextElResolver {

        private final Map<String, Boolean> own = new ConcurrentHashMap<>();

        OwnBeans(ApplicationContext context) {
            super(context);
        }

        @Override
        public Object getValue(ELContext context, Object base, Object property) {
            return isOwn(base, property) ? super.getValue(context, base, property) : null;
        }

        @Override
        public boolean isReadOnly(ELContext context, Object base, Object property) {
            if (!isOwn(base, property)) {
                return false;
            }
            context.setPropertyResolved(true);
            return true;
        }

        @Override
        public void setValue(ELContext context, Object base, Object property, Object value) {
            if (isOwn(base, property)) {
                super.setValue(context, base, property, value);
            }
        }

        @Override
        public Class<?> getType(ELContext context, Object base, Object property) {
            if (!isOwn(base, property)) {
                return null;
            }
            context.setPropertyResolved(true);
            return super.getType(context, base, property);
        }

        private boolean isOwn(Object base, Object property) {
            return base == null && property instanceof String name && own.computeIfAbsent(name, n -> {
                if (!applicationContext.containsBean(n)) {
                    return false;
                }
                Class<?> type = applicationContext.getType(n);
                return type != null && type.getName().startsWith("org.relaywarden.");
            });
        }
    }
}
