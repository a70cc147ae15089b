using System;
using System.Buffers.Binary;

namespace FsFreeze.VhostUser.Protocol
{
    /// <summary>
    /// The GET_CONFIG / SET_CONFIG payload: <c>u32 offset</c>, <c>u32 size</c>, <c>u32 flags</c> (0 writable, 1 live
    /// migration), then <c>size</c> bytes of configuration space. A GET_CONFIG reply has the request's size; a
    /// reply with size 0 means the back-end failed.
    /// </summary>
    public readonly struct ConfigPayload
    {
        /// <summary>Bytes before the configuration bytes.</summary>
        public const int HeaderSize = 12;

        /// <summary>Largest configuration a message carries (QEMU's VHOST_USER_MAX_CONFIG_SIZE).</summary>
        public const int MaxConfigSize = 256;

        /// <summary>Flag value: a write during live migration.</summary>
        public const uint MigrationFlag = 1;

        /// <summary>Creates a payload.</summary>
        public ConfigPayload(uint offset, uint flags, ReadOnlyMemory<byte> bytes)
        {
            Offset = offset;
            Flags = flags;
            Bytes = bytes;
        }

        /// <summary>Offset into the configuration space.</summary>
        public uint Offset { get; }

        /// <summary>The flags word.</summary>
        public uint Flags { get; }

        /// <summary>The configuration bytes (<c>size</c> of them).</summary>
        public ReadOnlyMemory<byte> Bytes { get; }

        /// <summary>Encodes the payload.</summary>
        public byte[] ToArray()
        {
            byte[] bytes = new byte[HeaderSize + Bytes.Length];
            BinaryPrimitives.WriteUInt32LittleEndian(bytes, Offset);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)Bytes.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), Flags);
            Bytes.Span.CopyTo(bytes.AsSpan(HeaderSize));
            return bytes;
        }

        /// <summary>Decodes; false when the payload is shorter than its header or its size field disagrees with its length.</summary>
        public static bool TryDecode(ReadOnlySpan<byte> payload, out ConfigPayload config)
        {
            config = default;
            if (payload.Length < HeaderSize)
            {
                return false;
            }

            uint size = BinaryPrimitives.ReadUInt32LittleEndian(payload.Slice(4));
            if (size > MaxConfigSize || payload.Length != HeaderSize + (int)size)
            {
                return false;
            }

            config = new ConfigPayload(BinaryPrimitives.ReadUInt32LittleEndian(payload), BinaryPrimitives.ReadUInt32LittleEndian(payload.Slice(8)), payload.Slice(HeaderSize).ToArray());
            return true;
        }
    }
}
