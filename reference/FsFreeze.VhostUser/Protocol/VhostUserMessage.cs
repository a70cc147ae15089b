using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using FsFreeze.VhostUser.Native;

namespace FsFreeze.VhostUser.Protocol
{
    /// <summary>
    /// One message as it travels: header, payload and the file descriptors that came with it (SCM_RIGHTS). The
    /// message owns the descriptors until a handler takes them with <see cref="TakeFd"/>; disposing closes the rest.
    /// </summary>
    public sealed class VhostUserMessage : IDisposable
    {
        /// <summary>Largest payload a channel accepts; anything bigger is a protocol violation and closes the channel.</summary>
        public const int MaxPayloadSize = 4096;

        /// <summary>Most file descriptors one message may carry (one per memory region).</summary>
        public const int MaxFds = MemoryTable.MaxRegions;

        private readonly List<FileDescriptor?> _fds;

        /// <summary>Creates a message.</summary>
        public VhostUserMessage(VhostUserHeader header, byte[] payload, IEnumerable<FileDescriptor>? fds = null)
        {
            ArgumentNullException.ThrowIfNull(payload);
            Header = header;
            Payload = payload;
            _fds = fds is null ? [] : new List<FileDescriptor?>(fds);
        }

        /// <summary>The header.</summary>
        public VhostUserHeader Header { get; }

        /// <summary>The payload (<see cref="VhostUserHeader.PayloadSize"/> bytes).</summary>
        public byte[] Payload { get; }

        /// <summary>Number of descriptors that came with the message.</summary>
        public int FdCount => _fds.Count;

        /// <summary>The request as a front-end message type.</summary>
        public VhostUserRequest Request => (VhostUserRequest)Header.Request;

        /// <summary>Takes ownership of descriptor <paramref name="index"/>; null when there is none or it was taken.</summary>
        public FileDescriptor? TakeFd(int index)
        {
            if (index < 0 || index >= _fds.Count)
            {
                return null;
            }

            FileDescriptor? fd = _fds[index];
            _fds[index] = null;
            return fd;
        }

        /// <summary>The payload as a u64, when it is exactly 8 bytes.</summary>
        public bool TryGetU64(out ulong value)
        {
            value = 0;
            if (Payload.Length != sizeof(ulong))
            {
                return false;
            }

            value = BinaryPrimitives.ReadUInt64LittleEndian(Payload);
            return true;
        }

        /// <summary>An 8-byte u64 payload.</summary>
        public static byte[] U64(ulong value)
        {
            byte[] bytes = new byte[sizeof(ulong)];
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
            return bytes;
        }

        /// <inheritdoc />
        public void Dispose()
        {
            foreach (FileDescriptor? fd in _fds)
            {
                fd?.Dispose();
            }

            _fds.Clear();
        }

        /// <inheritdoc />
        public override string ToString() => $"{Request} ({Header}, {_fds.Count} fds)";
    }
}
