using System;
using System.IO;
using System.Threading;
using FsFreeze.VhostUser.Backend;

namespace FsFreeze.VhostUser.Tests
{
    /// <summary>The program's server on its own thread, on sockets in a fresh short temporary folder.</summary>
    internal sealed class RunningBackend : IDisposable
    {
        private readonly BackendServer _server;
        private readonly Thread _thread;
        private readonly string _folder;

        public RunningBackend(bool check)
        {
            _folder = Directory.CreateTempSubdirectory("vu-").FullName;
            Socket = Path.Combine(_folder, "s");
            Control = Path.Combine(_folder, "c");
            var arguments = BackendArguments.Parse(check ? ["--socket", Socket, "--control", Control, "--check"] : ["--socket", Socket, "--control", Control]);
            _server = new BackendServer(arguments, TextWriter.Synchronized(Log));
            _thread = new Thread(() => ExitCode = _server.Run()) { IsBackground = true };
            _thread.Start();
        }

        public string Socket { get; }

        public string Control { get; }

        public StringWriter Log { get; } = new();

        public int? ExitCode { get; private set; }

        public void Dispose()
        {
            _server.Stop();
            _thread.Join(TimeSpan.FromSeconds(5));
            _server.Dispose();
            Directory.Delete(_folder, recursive: true);
            Log.Dispose();
        }
    }
}
