using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace FsFreeze.RealKernel
{
    /// <summary>
    /// Runs the system tools (mkfs, losetup, mount, dumpe2fs, cp) with a timeout each: a tool that goes silent (a
    /// write into a frozen filesystem sleeps uninterruptibly) is killed and reported, never waited on for good.
    /// </summary>
    public static class Commands
    {
        /// <summary>The default timeout of one command.</summary>
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(120);

        /// <summary>Starts <paramref name="program"/> with <paramref name="arguments"/> and waits for it at most <paramref name="timeout"/>.</summary>
        public static CommandResult Run(string program, IEnumerable<string> arguments, TimeSpan? timeout = null)
        {
            ArgumentNullException.ThrowIfNull(arguments);
            string[] args = arguments.ToArray();
            string line = string.Join(' ', new[] { program }.Concat(args));
            var start = new ProcessStartInfo(program)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string argument in args)
            {
                start.ArgumentList.Add(argument);
            }

            using Process process = Process.Start(start) ?? throw new InvalidOperationException($"{line} did not start");
            Task<string> output = process.StandardOutput.ReadToEndAsync();
            Task<string> error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout ?? DefaultTimeout))
            {
                process.Kill(entireProcessTree: true);
                return new CommandResult(line, -1, string.Empty, string.Empty, TimedOut: true);
            }

            process.WaitForExit();
            return new CommandResult(line, process.ExitCode, output.Result, error.Result, TimedOut: false);
        }

        /// <summary>Runs a command that must succeed; returns its standard output.</summary>
        /// <exception cref="InvalidOperationException">It failed or timed out.</exception>
        public static string Require(string program, params string[] arguments)
        {
            CommandResult result = Run(program, arguments);
            return result.Succeeded ? result.Output : throw new InvalidOperationException(result.ToString());
        }

        /// <summary>The full path of <paramref name="tool"/> on PATH or in the sbin directories, or null.</summary>
        public static string? Find(string tool)
        {
            IEnumerable<string> directories = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Concat(["/usr/local/sbin", "/usr/sbin", "/sbin"]);
            return directories.Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);
        }
    }
}
