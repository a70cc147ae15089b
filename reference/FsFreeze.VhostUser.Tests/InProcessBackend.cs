using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using FsFreeze.Virtio.Devices;
using FsFreeze.Virtio.Devices.Samples;
using FsFreeze.Virtio.Mmio;
using FsFreeze.VhostUser.Backend;
using FsFreeze.VhostUser.Frontend;
using FsFreeze.VhostUser.Native;
using FsFreeze.VhostUser.Transport;

namespace FsFreeze.VhostUser.Tests
{
    /// <summary>
    /// A <see cref="VhostUserDeviceSession"/> serving an <see cref="EchoDevice"/> on its own thread (as a back-end
    /// process would), with a front-end on the other end of a socket pair.
    /// </summary>
    internal sealed class InProcessBackend : IDisposable, IVhostUserSessionObserver
    {
        public const uint EchoDeviceId = 0xFFF0;
        private readonly Thread _thread;
        private readonly VhostUserDeviceSession _session;
        private volatile bool _stop;

        public InProcessBackend(int queueCount = 2, ushort queueSizeMax = 16)
        {
            (VhostUserChannel front, VhostUserChannel back) = VhostUserChannel.CreatePair();
            Channel = front;
            Frontend = new VhostUserFrontend(front, TimeSpan.FromSeconds(5));
            _session = new VhostUserDeviceSession(back, () => new EchoDevice(EchoDeviceId, 0, queueCount, queueSizeMax), this);
            _thread = new Thread(Loop) { IsBackground = true, Name = "vhost-user backend" };
            _thread.Start();
        }

        public VhostUserFrontend Frontend { get; }

        /// <summary>The front-end's raw channel, for messages no well-behaved front-end sends.</summary>
        public VhostUserChannel Channel { get; }

        public EchoDevice? Device { get; private set; }

        public ConcurrentQueue<string> Log { get; } = new();

        public ConcurrentQueue<string> Violations { get; } = new();

        /// <summary>True once the session ended the connection.</summary>
        public bool Closed { get; private set; }

        /// <summary>Set when the loop died of an exception: a crash the tests must see.</summary>
        public Exception? Crash { get; private set; }

        public void OnDeviceCreated(VirtioDevice device, VirtioMmioTransport transport) => Device = (EchoDevice)device;

        public void OnLog(string message) => Log.Enqueue(message);

        public void OnDriverViolation(string? requirementId, string detail, DeviceFault? fault) => Violations.Enqueue($"{requirementId}: {detail}");

        public void OnConfigWrite(uint offset, int length) => Log.Enqueue($"config write {length}@{offset}");

        /// <summary>Waits until the loop has ended the connection.</summary>
        public bool WaitClosed(TimeSpan timeout) => _thread.Join(timeout) && Closed;

        public void Dispose()
        {
            _stop = true;
            _thread.Join(TimeSpan.FromSeconds(5));
            Frontend.Dispose();
        }

        private void Loop()
        {
            try
            {
                while (!_stop)
                {
                    List<(int Ring, int Fd)> kicks = _session.KickFds.ToList();
                    int[] fds = [_session.SocketFd, .. kicks.Select(k => k.Fd)];
                    bool[] ready = new bool[fds.Length];
                    FdPoll.Wait(fds, ready, TimeSpan.FromMilliseconds(50));
                    if (ready[0] && !_session.HandleNext())
                    {
                        Closed = true;
                        break;
                    }

                    for (int i = 1; i < ready.Length; i++)
                    {
                        if (ready[i])
                        {
                            _session.ServiceKick(kicks[i - 1].Ring);
                        }
                    }
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Crash = e;
            }
            finally
            {
                _session.Dispose();
            }
        }
    }
}
