using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using FsFreeze.VhostUser;
using FsFreeze.VhostUser.Control;

namespace FsFreeze.Guest.Uml
{
    /// <summary>
    /// fsfreeze-vhost-user-backend in checking mode (<c>--check</c>), in its own process: the reference device the
    /// guest's virtio_uml connects to, and its control socket (README "Control protocol"), through which the test is
    /// the host side, through the shared <see cref="ControlClient"/>. Every command has a timeout; the process is
    /// killed on dispose.
    /// </summary>
    public sealed class ReferenceBackend : IDisposable
    {
        private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
        private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(10);
        private readonly Process process;
        private readonly StringBuilder log = new();
        private ControlClient? control;

        /// <summary>Starts the back-end with its sockets in <paramref name="directory"/>.</summary>
        public ReferenceBackend(string directory)
        {
            SocketPath = Path.Combine(directory, "fsfreeze.sock");
            ControlPath = Path.Combine(directory, "fsfreeze.control");
            string program = Program;
            var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (string argument in new[] { program, "--socket", SocketPath, "--control", ControlPath, "--check" })
            {
                start.ArgumentList.Add(argument);
            }

            process = Process.Start(start) ?? throw new InvalidOperationException("fsfreeze-vhost-user-backend did not start");
            process.ErrorDataReceived += (_, e) => Append(e.Data);
            process.OutputDataReceived += (_, e) => Append(e.Data);
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            var clock = Stopwatch.StartNew();
            while (!(File.Exists(SocketPath) && File.Exists(ControlPath)))
            {
                if (process.HasExited || clock.Elapsed > StartTimeout)
                {
                    Dispose();
                    Assert.Fail($"fsfreeze-vhost-user-backend did not listen within {StartTimeout.TotalSeconds} s:\n{Log}");
                }

                Thread.Sleep(20);
            }
        }

        /// <summary>The built back-end (a framework-dependent .dll, run with dotnet).</summary>
        public static string Program => Path.Combine(UmlEnvironment.RepositoryRoot, "reference", "FsFreeze.VhostUser.Backend", "bin", "Release", "net10.0", "fsfreeze-vhost-user-backend.dll");

        /// <summary>The vhost-user socket for <c>virtio_uml.device=</c>.</summary>
        public string SocketPath { get; }

        /// <summary>The control socket.</summary>
        public string ControlPath { get; }

        /// <summary>The back-end's stderr and stdout so far (its VIOLATION lines included).</summary>
        public string Log
        {
            get
            {
                lock (log)
                {
                    return log.ToString();
                }
            }
        }

        /// <summary>Every <c>events</c> entry any answer carried, in order.</summary>
        public List<JsonObject> Events { get; } = [];

        /// <summary>
        /// Sends one command and returns its answer, <c>ok</c> false included (the caller judges it); fails the test
        /// on a timeout, a closed socket or an answer that is not JSON.
        /// </summary>
        public JsonObject Call(JsonObject command, TimeSpan? timeout = null)
        {
            try
            {
                control ??= ConnectControl();
                return control.Call(command, allowError: true, timeout ?? CommandTimeout);
            }
            catch (VhostUserException e)
            {
                Assert.Fail($"{e.Message} after {command.ToJsonString()}\n{Log}");
                throw;
            }
        }

        /// <summary>The driver requirement violations checking mode recorded.</summary>
        public List<string> Violations()
        {
            var list = new List<string>();
            foreach (JsonNode? v in Call(new JsonObject { ["op"] = "violations" })["violations"]!.AsArray())
            {
                list.Add($"{v!["id"]}: {v["detail"]}");
            }

            return list;
        }

        /// <summary>Kills the back-end.</summary>
        public void Dispose()
        {
            control?.Dispose();
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            process.Dispose();
        }

        private ControlClient ConnectControl()
        {
            ControlClient client = ControlClient.Connect(ControlPath, CommandTimeout);
            client.EventsReceived = events =>
            {
                foreach (JsonNode? e in events)
                {
                    Events.Add((JsonObject)e!.DeepClone());
                }
            };
            return client;
        }

        private void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (log)
            {
                log.AppendLine(line);
            }
        }
    }
}
