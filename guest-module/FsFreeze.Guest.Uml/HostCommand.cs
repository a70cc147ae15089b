using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;

namespace FsFreeze.Guest.Uml
{
    /// <summary>The outcome of one host command: exit code and captured output.</summary>
    /// <param name="ExitCode">The process exit code, or -1 when it was killed at its timeout.</param>
    /// <param name="Output">Standard output followed by standard error.</param>
    /// <param name="StandardOutput">Standard output alone.</param>
    public sealed record HostCommandResult(int ExitCode, string Output, string StandardOutput);

    /// <summary>Runs a host program (mkfs, dumpe2fs, cp) with a timeout: nothing external may hang a test.</summary>
    public static class HostCommand
    {
        /// <summary>Runs <paramref name="program"/> with <paramref name="arguments"/>; kills it after <paramref name="timeout"/>.</summary>
        public static HostCommandResult Run(string program, TimeSpan timeout, params string[] arguments)
        {
            var start = new ProcessStartInfo(program)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            foreach (string argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using Process process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
            process.StandardInput.Close();
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                return new HostCommandResult(-1, $"{program} killed after {timeout.TotalSeconds} s\n{stdout.Result}{stderr.Result}", stdout.Result);
            }

            return new HostCommandResult(process.ExitCode, stdout.Result + stderr.Result, stdout.Result);
        }

        /// <summary>Runs and fails the test with the output when the command does not exit 0.</summary>
        public static string Check(string program, TimeSpan timeout, params string[] arguments)
        {
            HostCommandResult result = Run(program, timeout, arguments);
            if (result.ExitCode != 0)
            {
                Assert.Fail($"{program} {string.Join(' ', arguments)} exited {result.ExitCode}:\n{result.Output}");
            }

            return result.Output;
        }

        /// <summary>The full path of <paramref name="program"/> on PATH (or in /sbin), or null.</summary>
        public static string? Find(string program)
        {
            string path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
            foreach (string dir in (path + ":/usr/sbin:/sbin").Split(':', StringSplitOptions.RemoveEmptyEntries))
            {
                string candidate = Path.Combine(dir, program);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            return null;
        }
    }
}
