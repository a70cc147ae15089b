using System;
using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsFreeze.Conformance.Reporting;

namespace FsFreeze.Conformance.Framework
{
    /// <summary>
    /// One place that decides the randomness of a run. Every property and simulation uses a pinned seed by default,
    /// so CI runs are reproducible; <c>FSFREEZE_SEED</c> (or the run parameter <c>Seed</c>) picks another, and a
    /// failure prints the seed and the one-line command that replays it.
    /// </summary>
    public static class Seeds
    {
        /// <summary>The environment variable that overrides the seed.</summary>
        public const string EnvironmentVariable = "FSFREEZE_SEED";

        /// <summary>The default seed: fixed, so every run checks the same cases.</summary>
        public const ulong Default = 0x5EED_F5F2;

        /// <summary>The seed in force.</summary>
        public static ulong Current
        {
            get
            {
                string? text = TestContext.Parameters.Get("Seed") ?? Environment.GetEnvironmentVariable(EnvironmentVariable);
                return text is not null && ulong.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out ulong seed) ? seed : Default;
            }
        }

        /// <summary>Seeds for properties that draw their own randomness from one integer (a System.Random or a scheduler).</summary>
        public static Arbitrary<int> IntegerSeeds => Arb.From(Gen.Choose(0, int.MaxValue));

        /// <summary>
        /// Fails a property step with <paramref name="message"/>. Properties throw rather than assert so FsCheck
        /// sees the failure, shrinks the case and prints the seed.
        /// </summary>
        public static void Require(bool condition, string message)
        {
            if (!condition)
            {
                throw new InvalidOperationException(message);
            }
        }

        /// <summary>
        /// The line each property test writes to its output with the number of cases it ran; the runner sums these
        /// lines from the NUnit result files (FsFreeze.Conformance.Reporting.NUnitResultFile).
        /// </summary>
        public const string CasesMarker = NUnitResultFile.CasesMarker;

        /// <summary>A command that reruns <paramref name="testName"/> with <paramref name="seed"/>.</summary>
        public static string ReplayCommand(string testName, ulong seed) =>
            $"FSFREEZE_SEED={seed} dotnet test conformance/FsFreeze.Conformance --filter \"FullyQualifiedName~{testName}\"";

        /// <summary>
        /// Checks <paramref name="property"/> for <paramref name="maxTest"/> cases from the current seed. FsCheck
        /// needs an odd gamma; it is derived from the seed so a seed alone replays a run. The number of cases run
        /// goes to the test's output as a <see cref="CasesMarker"/> line.
        /// </summary>
        public static void Check(Property property, int maxTest)
        {
            ArgumentNullException.ThrowIfNull(property);
            ulong seed = Current;
            Config quick = Config.QuickThrowOnFailure;
            var runner = new CountingRunner(quick.Runner);
            Config config = quick.WithMaxTest(maxTest).WithReplay(seed, (seed * 2) + 1).WithRunner(runner);
            try
            {
                property.Check(config);
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                Assert.Fail($"{failure.Message}\nseed {seed}; replay with: {ReplayCommand(TestContext.CurrentContext.Test.MethodName ?? TestContext.CurrentContext.Test.Name, seed)}");
            }
            finally
            {
                TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{CasesMarker} {runner.Cases}"));
            }
        }
    }
}
