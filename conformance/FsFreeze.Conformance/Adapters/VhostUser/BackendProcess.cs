using System;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace FsFreeze.Conformance.Adapters.VhostUser
{
    /// <summary>
    /// IUT <c>vhost-user-spawn</c>: the suite starts fsfreeze-vhost-user-backend itself (in checking mode, on sockets
    /// in a fresh temporary folder) once per test run, and stops it when the run ends. The program is the one built
    /// next to the suite (same configuration), or the command in FSFREEZE_VHOST_USER_BACKEND.
    /// </summary>
    public static class BackendProcess
    {
        /// <summary>The IUT name.</summary>
        public const string IutName = "vhost-user-spawn";

        /// <summary>What it is, for listings.</summary>
        public const string Description = "the suite starts fsfreeze-vhost-user-backend --check itself and drives it over vhost-user";

        /// <summary>An override of the program (a path to a .dll run with dotnet, or an executable).</summary>
        public const string EnvironmentVariable = "FSFREEZE_VHOST_USER_BACKEND";

        private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
        private static readonly Lock Gate = new();
        private static VhostUserDeviceImplementation? _started;
        private static Process? _process;

        /// <summary>Starts the back-end (once) and returns the implementation that drives it, or throws with why not.</summary>
        public static VhostUserDeviceImplementation Start(string repositoryRoot)
        {
            lock (Gate)
            {
                if (_started is not null && _process is { HasExited: false })
                {
                    return _started;
                }

                string program = Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : BuiltProgram(repositoryRoot);
                if (!File.Exists(program))
                {
                    throw new FileNotFoundException($"fsfreeze-vhost-user-backend is not built: {program} (dotnet build reference/FsFreeze.VhostUser.Backend)");
                }

                string folder = Directory.CreateTempSubdirectory("fsfreeze-vhost-user-").FullName;
                string socket = Path.Combine(folder, "fsfreeze.sock");
                string control = socket + ".control";
                var start = new ProcessStartInfo(program.EndsWith(".dll", StringComparison.Ordinal) ? "dotnet" : program) { UseShellExecute = false, RedirectStandardError = true };
                if (program.EndsWith(".dll", StringComparison.Ordinal))
                {
                    start.ArgumentList.Add(program);
                }

                foreach (string argument in new[] { "--socket", socket, "--control", control, "--check" })
                {
                    start.ArgumentList.Add(argument);
                }

                Process process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");

                // The log goes to the test output of whoever reads it; drained so the pipe never fills.
                process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine(e.Data); } };
                process.BeginErrorReadLine();
                AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(process, folder);
                var clock = Stopwatch.StartNew();
                while (!(File.Exists(socket) && File.Exists(control)))
                {
                    if (process.HasExited || clock.Elapsed > StartTimeout)
                    {
                        Stop(process, folder);
                        throw new InvalidOperationException($"fsfreeze-vhost-user-backend did not listen on {socket} within {StartTimeout.TotalSeconds:0} s (exit: {(process.HasExited ? process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : "still running")})");
                    }

                    Thread.Sleep(20);
                }

                _process = process;
                _started = new VhostUserDeviceImplementation(socket, control);
                return _started;
            }
        }

        private static string BuiltProgram(string root)
        {
            string configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
            return Path.Combine(root, "reference", "FsFreeze.VhostUser.Backend", "bin", configuration, "net10.0", "fsfreeze-vhost-user-backend.dll");
        }

        private static void Stop(Process process, string folder)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill();
                    process.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A temporary folder left behind is harmless.
            }
        }
    }
}
