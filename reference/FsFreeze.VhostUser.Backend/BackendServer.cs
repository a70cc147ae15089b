using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Sockets;
using FsFreeze.Device.Emulation;
using FsFreeze.Protocol.Replies;
using FsFreeze.VhostUser.Backend.Checking;
using FsFreeze.VhostUser.Backend.Control;
using FsFreeze.VhostUser.Native;
using FsFreeze.VhostUser.Transport;
using FsFreeze.Virtio.Devices;
using FsFreeze.Virtio.Mmio;

namespace FsFreeze.VhostUser.Backend
{
    /// <summary>
    /// The program's event loop: one thread polls the vhost-user listener and connection, the kick descriptors, the
    /// control listener and its clients, so the device is only ever touched from here and needs no lock.
    /// </summary>
    internal sealed partial class BackendServer : IDisposable, IVhostUserSessionObserver
    {
        private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(200);
        private readonly BackendArguments _arguments;
        private readonly Socket _vhostListener;
        private readonly Socket? _controlListener;
        private readonly List<ControlConnection> _clients = [];
        private readonly HashSet<uint> _abandoned = [];
        private readonly DriverChecker _checker;
        private readonly ControlEvents _events;
        private readonly TextWriter _log;
        private FsFreezeDeviceOptions _options = BackendDefaults.Options;
        private FsFreezeDevice _device;
        private VhostUserDeviceSession? _session;
        private volatile bool _stop;

        public BackendServer(BackendArguments arguments, TextWriter log)
        {
            _arguments = arguments;
            _log = log;
            _checker = new DriverChecker(arguments.Check, Log);
            _events = new ControlEvents(_clients, OnVerdict);
            _device = CreateDevice();
            _vhostListener = Listen(arguments.SocketPath!);
            _controlListener = arguments.ControlPath is null ? null : Listen(arguments.ControlPath);
        }

        /// <summary>Asks the loop to end (SIGTERM).</summary>
        public void Stop() => _stop = true;

        public int Run()
        {
            Log($"listening on {_arguments.SocketPath}{(_controlListener is null ? string.Empty : $", control on {_arguments.ControlPath}")}{(_arguments.Check ? ", checking mode" : string.Empty)}");
            var fds = new List<int>();
            var actions = new List<Action>();
            while (!_stop)
            {
                fds.Clear();
                actions.Clear();
                Add(fds, actions, (int)_vhostListener.Handle, AcceptFrontend);
                if (_controlListener is not null)
                {
                    Add(fds, actions, (int)_controlListener.Handle, AcceptControl);
                }

                if (_session is { } session)
                {
                    Add(fds, actions, session.SocketFd, ServeFrontend);
                    foreach ((int ring, int fd) in session.KickFds)
                    {
                        Add(fds, actions, fd, () => _session?.ServiceKick(ring));
                    }
                }

                foreach (ControlConnection client in _clients)
                {
                    Add(fds, actions, client.Fd, () => ServeControl(client));
                }

                bool[] ready = new bool[fds.Count];
                FdPoll.Wait(fds.ToArray(), ready, NextTimeout());
                for (int i = 0; i < ready.Length && !_stop; i++)
                {
                    if (ready[i])
                    {
                        Guarded(actions[i]);
                    }
                }

                AnswerWaits();
            }

            Log("stopping");
            return 0;
        }

        public void Dispose()
        {
            _session?.Dispose();
            foreach (ControlConnection client in _clients)
            {
                client.Dispose();
            }

            Close(_vhostListener, _arguments.SocketPath);
            if (_controlListener is not null)
            {
                Close(_controlListener, _arguments.ControlPath);
            }
        }

        void IVhostUserSessionObserver.OnDeviceCreated(VirtioDevice device, VirtioMmioTransport transport)
        {
        }

        void IVhostUserSessionObserver.OnLog(string message) => Log(message);

        void IVhostUserSessionObserver.OnDriverViolation(string? requirementId, string detail, DeviceFault? fault)
        {
            if (fault is { } f)
            {
                _checker.ReportFault(f);
            }
            else if (requirementId is not null)
            {
                _checker.Report(requirementId, detail);
            }
        }

        void IVhostUserSessionObserver.OnConfigWrite(uint offset, int length) =>

            // FF-DRV-6: the configuration is read-only to the driver; the device ignores the write.
            _checker.Report("FF-DRV-6", $"SET_CONFIG of {length} bytes at offset {offset}: the configuration is read-only");

        /// <summary>
        /// Bad input is answered where it is read (a failing ack, a closed connection); an exception reaching here is
        /// a bug of this program. It must not take the back-end down with the guest's device: the front-end is
        /// dropped (the driver sees the device go away) and the next one is served.
        /// </summary>
        private void Guarded(Action action)
        {
            try
            {
                action();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Log($"internal error, dropping the front-end: {e}");
                if (_session is not null)
                {
                    EndSession();
                }
            }
        }

        private static void Add(List<int> fds, List<Action> actions, int fd, Action action)
        {
            fds.Add(fd);
            actions.Add(action);
        }

        private FsFreezeDevice CreateDevice()
        {
            var device = new FsFreezeDevice(_options);
            device.SetObserver(_events);
            device.SetReplyInspector(this);
            ForgetDriverTests();
            _device = device;
            return device;
        }

        private void AcceptFrontend()
        {
            Socket socket = _vhostListener.Accept();
            if (_session is not null)
            {
                Log("a new front-end replaces the connected one");
                EndSession();
            }

            _session = new VhostUserDeviceSession(new VhostUserChannel(socket), CreateDevice, this);
            Log("front-end connected");
        }

        private void ServeFrontend()
        {
            if (_session is not null && !_session.HandleNext())
            {
                EndSession();
                if (_arguments.Once)
                {
                    _stop = true;
                }
            }
        }

        private void EndSession()
        {
            // Disposing resets the device, so awaited host requests end as NO_DRIVER (driver-gone events).
            _session?.Dispose();
            _session = null;
            CreateDevice();
            Log("front-end disconnected");
        }

        private void AcceptControl()
        {
            _clients.Add(new ControlConnection(_controlListener!.Accept()));
        }

        private void OnVerdict(ReplyVerdict verdict) =>
            _checker.ReportVerdict(verdict, verdict.IgnoredReason == ReplyIgnoredReason.UnknownRequestId && _abandoned.Contains(verdict.Reply.RequestId));

        private TimeSpan NextTimeout()
        {
            TimeSpan timeout = Tick;
            foreach (ControlConnection client in _clients)
            {
                if (client.WaitDeadline is { } deadline)
                {
                    TimeSpan left = deadline - DateTime.UtcNow;
                    timeout = left < timeout ? (left < TimeSpan.Zero ? TimeSpan.Zero : left) : timeout;
                }
            }

            return timeout;
        }

        private void Log(string message)
        {
            _log.WriteLine($"fsfreeze-vhost-user-backend: {message}");
            _log.Flush();
        }

        private static Socket Listen(string path)
        {
            if (File.Exists(path))
            {
                // A socket left by an earlier run; anything else at the path is refused by bind below.
                File.Delete(path);
            }

            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.Bind(new UnixDomainSocketEndPoint(path));
            socket.Listen(4);
            return socket;
        }

        private static void Close(Socket socket, string? path)
        {
            socket.Dispose();
            if (path is not null && File.Exists(path))
            {
                File.Delete(path);
            }
        }
    }
}
