package org.relaywarden.process;

import org.camunda.bpm.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.el.JuelExpressionManager;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.impl.juel.jakarta.el.ELContext;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

class OwnBeansFirstPluginTest {

    /** Stands for a delegate bean: a class of Relaywarden's own packages. */
    static class Delegate {
    }

    @Test
    void aVariableNamedLikeADelegateDoesNotReplaceItOtherNamesResolveAsBefore() {
        try (GenericApplicationContext context = new GenericApplicationContext()) {
            context.registerBean("suspendRelay", Delegate.class, Delegate::new);
            context.registerBean("foreign", StringBuilder.class, () -> new StringBuilder("bean"));
            context.refresh();
            StandaloneInMemProcessEngineConfiguration configuration = new StandaloneInMemProcessEngineConfiguration();
            new OwnBeansFirstPlugin(context).preInit(configuration);
            JuelExpressionManager expressions = (JuelExpressionManager) configuration.getExpressionManager();
            ELContext el = expressions.createElContext(Variables.createVariables()
                    .putValue("suspendRelay", "written by a task form").putValue("route", "questionnaire")
                    .putValue("foreign", "variable").asVariableContext());

            assertThat(expressions.createValueExpression("${suspendRelay}").getValue(el)).isSameAs(context.getBean("suspendRelay"));
            // a variable that names no bean, and a bean that is not Relaywarden's: the variable, as before
            assertThat(expressions.createValueExpression("${route == 'questionnaire'}").getValue(el)).isEqualTo(true);
            assertThat(expressions.createValueExpression("${foreign}").getValue(el)).isEqualTo("variable");
        }
    }
}
