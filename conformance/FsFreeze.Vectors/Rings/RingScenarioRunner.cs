using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace FsFreeze.Vectors.Rings
{
    /// <summary>Runs a scenario against the ring ends a factory creates and records every answer and ring state.</summary>
    internal static class RingScenarioRunner
    {
        /// <summary>Runs <paramref name="scenario"/> on fresh ends from <paramref name="factory"/>.</summary>
        internal static RecordedScenario Run(RingScenario scenario, RingEndsFactory factory)
        {
            ArgumentNullException.ThrowIfNull(scenario);

            RingSession session = RingSession.Start(scenario.Config, factory);
            RingAreas initial = session.Snapshot();
            var steps = new List<RecordedStep>(scenario.Steps.Count);
            foreach (RingStep step in scenario.Steps)
            {
                JsonObject expect = RingStepExecutor.Execute(session, step);
                steps.Add(new RecordedStep(step, expect, session.Snapshot()));
            }

            return new RecordedScenario(scenario, initial, steps);
        }
    }
}
