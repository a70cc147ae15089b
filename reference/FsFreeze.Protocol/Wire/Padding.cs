using System;

namespace FsFreeze.Protocol.Wire
{
    /// <summary>
    /// Selector alignment, spec "Messages": every selector starts at a multiple of 8 from the start of the request
    /// and is padded with zeroes to a multiple of 8 bytes.
    /// </summary>
    internal static class Padding
    {
        /// <summary>The alignment of selectors.</summary>
        public const int Alignment = 8;

        /// <summary>Rounds <paramref name="length"/> up to a multiple of 8. Takes a long so no u16/u32 sum can overflow.</summary>
        public static long Align8(long length) => (length + (Alignment - 1)) & ~(long)(Alignment - 1);

        /// <summary>True when every byte of <paramref name="bytes"/> is zero.</summary>
        public static bool IsAllZero(ReadOnlySpan<byte> bytes)
        {
            foreach (byte b in bytes)
            {
                if (b != 0)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
