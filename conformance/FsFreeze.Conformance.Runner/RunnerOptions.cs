using System;
using System.Collections.Generic;

namespace FsFreeze.Conformance.Runner
{
    /// <summary>The runner's command line.</summary>
    internal sealed class RunnerOptions
    {
        public string Implementation { get; private set; } = "reference";

        public string ResultsDirectory { get; private set; } = "artifacts/conformance";

        public string? Seed { get; private set; }

        public string? Filter { get; private set; }

        public string Configuration { get; private set; } = "Release";

        public bool Build { get; private set; } = true;

        public bool WriteIndex { get; private set; }

        public bool Help { get; private set; }

        public const string Usage = """
            usage: fsfreeze-conformance [options]
              --iut NAME         implementation under test (default: reference; "list" lists them)
              --results DIR      where report.md, junit.xml and nunit/ go (default: artifacts/conformance)
              --seed N           seed for every property and simulation (default: the pinned one)
              --filter EXPR      a dotnet test filter, e.g. "TestCategory=FF-RING-5"
              --configuration C  build configuration (default: Release)
              --no-build         do not build the suite first
              --write-index      regenerate spec/requirements.json from spec/ and exit
            exit status: 0 conforms, 1 a MUST requirement failed, 2 the run itself failed
            """;

        public static RunnerOptions Parse(IReadOnlyList<string> args)
        {
            var options = new RunnerOptions();
            for (int i = 0; i < args.Count; i++)
            {
                string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                switch (args[i])
                {
                    case "--iut": options.Implementation = Value(); break;
                    case "--results": options.ResultsDirectory = Value(); break;
                    case "--seed": options.Seed = Value(); break;
                    case "--filter": options.Filter = Value(); break;
                    case "--configuration": options.Configuration = Value(); break;
                    case "--no-build": options.Build = false; break;
                    case "--write-index": options.WriteIndex = true; break;
                    case "-h":
                    case "--help": options.Help = true; break;
                    default: throw new ArgumentException($"unknown option {args[i]}");
                }
            }

            return options;
        }
    }
}
