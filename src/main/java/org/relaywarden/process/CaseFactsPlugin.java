package org.relaywarden.process;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.relaywarden.cases.CaseRecords;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Guards the process's facts and audits what people do to a case in the engine: the
 * {@link VariableGuard} before every command (agents and leads set only their form's fields), and
 * the {@link OperatorActionAudit} next to the engine's own history (operators' retries, variable
 * changes, cancellations and modifications over {@code /engine-rest} or Cockpit go into the case's
 * audit trail).
 */
@Component
class CaseFactsPlugin extends AbstractProcessEnginePlugin {

    private final CaseRecords cases;

    CaseFactsPlugin(CaseRecords cases) {
        this.cases = cases;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        // one guard per chain: an interceptor holds its successor (setNext), so one instance in both chains made the
        // "required" chain hand every command to the REQUIRES_NEW transaction interceptor (a task listener then
        // did not see what its caller had written in the same request: the review form's answers were empty)
        configuration.setCustomPreCommandInterceptorsTxRequired(with(configuration.getCustomPreCommandInterceptorsTxRequired(),
                new VariableGuard(configuration::getIdentityService)));
        configuration.setCustomPreCommandInterceptorsTxRequiresNew(with(configuration.getCustomPreCommandInterceptorsTxRequiresNew(),
                new VariableGuard(configuration::getIdentityService)));
        List<HistoryEventHandler> handlers = configuration.getCustomHistoryEventHandlers() == null ? new ArrayList<>()
                : new ArrayList<>(configuration.getCustomHistoryEventHandlers());
        handlers.add(new OperatorActionAudit(cases));
        configuration.setCustomHistoryEventHandlers(handlers);
    }

    private static List<CommandInterceptor> with(List<CommandInterceptor> existing, CommandInterceptor added) {
        List<CommandInterceptor> list = existing == null ? new ArrayList<>() : new ArrayList<>(existing);
        list.add(added);
        return list;
    }
}
