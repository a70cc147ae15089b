using System;
using System.Collections.Generic;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using FsFreeze.VhostUser.Native;
using FsFreeze.VhostUser.Protocol;

namespace FsFreeze.VhostUser.Transport
{
    /// <summary>
    /// One end of a vhost-user connection: a connected AF_UNIX stream socket over which messages travel with their
    /// file descriptors as SCM_RIGHTS ancillary data (vhost-user.rst "Communication"). Every receive waits at most
    /// its timeout; a silent, truncated, oversized or fd-overflowing peer ends in a <see cref="VhostUserException"/>,
    /// never a hang. Not thread-safe: one reader and one writer at a time, as the protocol is request/reply.
    /// </summary>
    public sealed unsafe class VhostUserChannel : IDisposable
    {
        private readonly Socket _socket;

        /// <summary>Wraps a connected Unix stream socket, taking ownership.</summary>
        public VhostUserChannel(Socket socket)
        {
            ArgumentNullException.ThrowIfNull(socket);
            _socket = socket;
        }

        /// <summary>The socket's descriptor, for a poll loop.</summary>
        public int Fd => (int)_socket.Handle;

        /// <summary>Connects to the back-end listening on <paramref name="path"/>.</summary>
        public static VhostUserChannel Connect(string path)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                socket.Connect(new UnixDomainSocketEndPoint(path));
            }
            catch (SocketException e)
            {
                socket.Dispose();
                throw new VhostUserException($"cannot connect to vhost-user socket {path}: {e.Message}", e);
            }

            return new VhostUserChannel(socket);
        }

        /// <summary>A connected pair, for tests and in-process peers.</summary>
        public static (VhostUserChannel, VhostUserChannel) CreatePair()
        {
            int* fds = stackalloc int[2];
            FileDescriptor.Check(LibC.socketpair(LibC.AfUnix, LibC.SockStream | LibC.SockCloexec, 0, fds), "socketpair");
            return (new VhostUserChannel(new Socket(new SafeSocketHandle((IntPtr)fds[0], ownsHandle: true))), new VhostUserChannel(new Socket(new SafeSocketHandle((IntPtr)fds[1], ownsHandle: true))));
        }

        /// <summary>Sends a message with <paramref name="fds"/> attached (the caller keeps ownership of them).</summary>
        public void Send(VhostUserHeader header, ReadOnlySpan<byte> payload, ReadOnlySpan<int> fds = default)
        {
            if (fds.Length > VhostUserMessage.MaxFds)
            {
                throw new ArgumentOutOfRangeException(nameof(fds), $"At most {VhostUserMessage.MaxFds} descriptors per message.");
            }

            byte[] bytes = new byte[VhostUserHeader.Size + payload.Length];
            header.Encode(bytes);
            payload.CopyTo(bytes.AsSpan(VhostUserHeader.Size));
            byte* control = stackalloc byte[ControlMessage.Space(VhostUserMessage.MaxFds)];
            int controlLength = fds.IsEmpty ? 0 : ControlMessage.Write(new Span<byte>(control, ControlMessage.Space(fds.Length)), fds);
            int sent = 0;
            fixed (byte* data = bytes)
            {
                while (sent < bytes.Length)
                {
                    var iov = new LibC.IoVec { Base = data + sent, Length = (nuint)(bytes.Length - sent) };
                    var msg = new LibC.MsgHdr { Iov = &iov, IovLength = 1, Control = sent == 0 && controlLength > 0 ? control : null, ControlLength = sent == 0 ? (nuint)controlLength : 0 };
                    nint n = LibC.sendmsg(Fd, &msg, LibC.MsgNoSignal);
                    if (n < 0)
                    {
                        int errno = Marshal.GetLastPInvokeError();
                        if (errno == LibC.Eintr)
                        {
                            continue;
                        }

                        throw new VhostUserException($"sendmsg failed: errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)})");
                    }

                    sent += (int)n;
                }
            }
        }

        /// <summary>
        /// Receives one message, waiting at most <paramref name="timeout"/> for each part. Returns null when the peer
        /// closed the connection cleanly between messages.
        /// </summary>
        /// <exception cref="VhostUserException">Timeout, truncated message, payload above <see cref="VhostUserMessage.MaxPayloadSize"/>, too many descriptors, or a failed call.</exception>
        public VhostUserMessage? Receive(TimeSpan timeout)
        {
            var fds = new List<FileDescriptor>();
            try
            {
                byte[] headerBytes = new byte[VhostUserHeader.Size];
                int got = ReceiveExactly(headerBytes, fds, timeout, allowCleanEof: true);
                if (got == 0)
                {
                    return null;
                }

                VhostUserHeader.TryDecode(headerBytes, out VhostUserHeader header);
                if (header.PayloadSize > VhostUserMessage.MaxPayloadSize)
                {
                    throw new VhostUserException($"oversized message: {header} (at most {VhostUserMessage.MaxPayloadSize} payload bytes)");
                }

                byte[] payload = new byte[header.PayloadSize];
                if (payload.Length > 0)
                {
                    ReceiveExactly(payload, fds, timeout, allowCleanEof: false);
                }

                var message = new VhostUserMessage(header, payload, fds);
                fds.Clear();
                return message;
            }
            finally
            {
                foreach (FileDescriptor fd in fds)
                {
                    fd.Dispose();
                }
            }
        }

        /// <summary>True when a message (or a hang-up) is waiting, within <paramref name="timeout"/>.</summary>
        public bool Poll(TimeSpan timeout) => Native.Poll.Readable(Fd, timeout);

        /// <inheritdoc />
        public void Dispose() => _socket.Dispose();

        private int ReceiveExactly(byte[] buffer, List<FileDescriptor> fds, TimeSpan timeout, bool allowCleanEof)
        {
            int got = 0;
            int controlSpace = ControlMessage.Space(VhostUserMessage.MaxFds);
            byte* control = stackalloc byte[controlSpace];
            fixed (byte* data = buffer)
            {
                while (got < buffer.Length)
                {
                    if (!Native.Poll.Readable(Fd, timeout))
                    {
                        throw new VhostUserException($"timed out after {timeout.TotalMilliseconds:0} ms waiting for {(got == 0 && allowCleanEof ? "a message" : $"{buffer.Length - got} more bytes")}");
                    }

                    var iov = new LibC.IoVec { Base = data + got, Length = (nuint)(buffer.Length - got) };
                    var msg = new LibC.MsgHdr { Iov = &iov, IovLength = 1, Control = control, ControlLength = (nuint)controlSpace };
                    nint n = LibC.recvmsg(Fd, &msg, LibC.MsgCmsgCloexec);
                    if (n < 0)
                    {
                        int errno = Marshal.GetLastPInvokeError();
                        if (errno == LibC.Eintr || errno == LibC.Eagain)
                        {
                            continue;
                        }

                        throw new VhostUserException($"recvmsg failed: errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)})");
                    }

                    ControlMessage.Read(new ReadOnlySpan<byte>(control, controlSpace), (int)msg.ControlLength, fds);
                    if ((msg.Flags & LibC.MsgCtrunc) != 0)
                    {
                        throw new VhostUserException($"more than {VhostUserMessage.MaxFds} file descriptors in one message");
                    }

                    if (n == 0)
                    {
                        if (got == 0 && allowCleanEof)
                        {
                            return 0;
                        }

                        throw new VhostUserException($"connection closed in the middle of a message ({got} of {buffer.Length} bytes)");
                    }

                    got += (int)n;
                }
            }

            return got;
        }
    }
}
