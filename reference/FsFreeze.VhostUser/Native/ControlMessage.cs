using System;
using System.Buffers.Binary;
using System.Collections.Generic;

namespace FsFreeze.VhostUser.Native
{
    /// <summary>
    /// The SCM_RIGHTS ancillary data of sendmsg/recvmsg (cmsg(3)): one <c>cmsghdr</c> of 16 bytes on LP64
    /// (<c>size_t cmsg_len</c>, <c>int cmsg_level</c>, <c>int cmsg_type</c>) followed by the descriptors as ints,
    /// the buffer padded to 8 bytes (CMSG_SPACE).
    /// </summary>
    internal static class ControlMessage
    {
        public const int HeaderSize = 16;

        /// <summary>CMSG_SPACE for <paramref name="fdCount"/> descriptors.</summary>
        public static int Space(int fdCount) => HeaderSize + (((fdCount * sizeof(int)) + 7) & ~7);

        /// <summary>Writes one SCM_RIGHTS header and <paramref name="fds"/> into <paramref name="buffer"/>; returns the bytes used (CMSG_SPACE).</summary>
        public static int Write(Span<byte> buffer, ReadOnlySpan<int> fds)
        {
            int space = Space(fds.Length);
            buffer.Slice(0, space).Clear();
            BinaryPrimitives.WriteUInt64LittleEndian(buffer, (ulong)(HeaderSize + (fds.Length * sizeof(int))));
            BinaryPrimitives.WriteInt32LittleEndian(buffer.Slice(8), LibC.SolSocket);
            BinaryPrimitives.WriteInt32LittleEndian(buffer.Slice(12), LibC.ScmRights);
            for (int i = 0; i < fds.Length; i++)
            {
                BinaryPrimitives.WriteInt32LittleEndian(buffer.Slice(HeaderSize + (i * sizeof(int))), fds[i]);
            }

            return space;
        }

        /// <summary>Reads every SCM_RIGHTS descriptor from the first <paramref name="length"/> bytes of <paramref name="buffer"/>.</summary>
        public static void Read(ReadOnlySpan<byte> buffer, int length, List<FileDescriptor> fds)
        {
            int offset = 0;
            while (offset + HeaderSize <= length)
            {
                int cmsgLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(buffer.Slice(offset));
                int level = BinaryPrimitives.ReadInt32LittleEndian(buffer.Slice(offset + 8));
                int type = BinaryPrimitives.ReadInt32LittleEndian(buffer.Slice(offset + 12));
                if (cmsgLength < HeaderSize || offset + cmsgLength > length)
                {
                    return;
                }

                if (level == LibC.SolSocket && type == LibC.ScmRights)
                {
                    for (int at = offset + HeaderSize; at + sizeof(int) <= offset + cmsgLength; at += sizeof(int))
                    {
                        fds.Add(new FileDescriptor(BinaryPrimitives.ReadInt32LittleEndian(buffer.Slice(at))));
                    }
                }

                offset += (cmsgLength + 7) & ~7;
            }
        }
    }
}
