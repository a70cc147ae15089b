using System;
using System.Globalization;
using System.IO;
using SharpFuzz;

namespace FsFreeze.Fuzz
{
    /// <summary>
    /// <c>FsFreeze.Fuzz TARGET</c>: the AFL++ persistent-mode loop (SharpFuzz) over one target, input on stdin or
    /// the file AFL names. <c>FsFreeze.Fuzz --replay TARGET FILE...</c>: runs files once each and prints any
    /// exception with its stack (what tools/fuzz.sh shows for a crash). <c>FsFreeze.Fuzz --write-seeds DIR</c>:
    /// regenerates the seed corpus.
    /// </summary>
    internal static class Program
    {
        private static int Main(string[] args)
        {
            if (args.Length >= 2 && args[0] == "--write-seeds")
            {
                int written = SeedCorpus.Write(args[1]);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{written} seed files written under {args[1]}"));
                return 0;
            }

            if (args.Length >= 3 && args[0] == "--replay")
            {
                return Replay(args[1], args.AsSpan(2));
            }

            Action<byte[]>? target = args.Length == 1 ? FuzzTargets.Find(args[0]) : null;
            if (target is null)
            {
                Console.Error.WriteLine("usage: FsFreeze.Fuzz TARGET | --replay TARGET FILE... | --write-seeds DIR; targets: " + string.Join(", ", FuzzTargets.Names));
                return 2;
            }

            // Persistent mode: one process runs many inputs, which is what makes .NET fuzzing fast enough.
            Fuzzer.Run(stream =>
            {
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                target(buffer.ToArray());
            });
            return 0;
        }

        private static int Replay(string name, ReadOnlySpan<string> files)
        {
            Action<byte[]>? target = FuzzTargets.Find(name);
            if (target is null)
            {
                Console.Error.WriteLine("unknown target " + name);
                return 2;
            }

            int failed = 0;
            foreach (string file in files)
            {
                try
                {
                    target(File.ReadAllBytes(file));
                    Console.WriteLine("ok     " + file);
                }
#pragma warning disable CA1031 // A replay reports every exception; which kind is what the report is about.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    failed++;
                    Console.WriteLine("FAILED " + file);
                    Console.WriteLine(e.ToString());
                }
            }

            return failed == 0 ? 0 : 1;
        }
    }
}
