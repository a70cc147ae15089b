namespace FsFreeze.Guest.Vfs
{
    /// <summary>
    /// The holder bookkeeping of fs/super.c (6.8+ counts, 6.16+ owner): may_freeze, may_unfreeze, freeze_inc and
    /// freeze_dec (notes §1.3 step 2, §1.4).
    /// </summary>
    internal static class FreezeRules
    {
        private const FreezeHolder Holders = FreezeHolder.Kernel | FreezeHolder.Userspace;

        /// <summary>
        /// Exactly one holder bit (WARN_ON_ONCE(hweight32(who &amp; FREEZE_HOLDERS) &gt; 1)); EXCL only as KERNEL|EXCL
        /// with an owner, and never with MAY_NEST. The kernel warns and refuses; the model answers EINVAL.
        /// </summary>
        public static bool IsValid(FreezeHolder who, object? owner)
        {
            FreezeHolder holder = who & Holders;
            if (holder != FreezeHolder.Kernel && holder != FreezeHolder.Userspace)
            {
                return false;
            }

            if ((who & FreezeHolder.Exclusive) != 0)
            {
                return holder == FreezeHolder.Kernel && (who & FreezeHolder.MayNest) == 0 && owner is not null;
            }

            return owner is null;
        }

        /// <summary>may_freeze: a second freeze by the same holder type needs MAY_NEST; an exclusive freeze needs no other owner.</summary>
        public static bool MayFreeze(SuperBlock sb, FreezeHolder who)
        {
            if ((who & FreezeHolder.Exclusive) != 0)
            {
                return sb.FreezeOwner is null;
            }

            bool nest = (who & FreezeHolder.MayNest) != 0;
            return (who & FreezeHolder.Kernel) != 0
                ? nest || sb.KernelFreezeCount == 0
                : nest || sb.UserFreezeCount == 0;
        }

        /// <summary>
        /// may_unfreeze: the holder must hold something; a plain kernel thaw may not take the last kernel count
        /// while an exclusive owner is set; an exclusive thaw must come from the owner (and gives up the claim
        /// when other holds remain).
        /// </summary>
        public static bool MayUnfreeze(SuperBlock sb, FreezeHolder who, object? owner)
        {
            if ((who & FreezeHolder.Exclusive) != 0)
            {
                if (sb.KernelFreezeCount == 0 || !ReferenceEquals(sb.FreezeOwner, owner))
                {
                    return false;
                }

                if (sb.KernelFreezeCount + sb.UserFreezeCount > 1)
                {
                    sb.FreezeOwner = null;
                }

                return true;
            }

            if ((who & FreezeHolder.Kernel) != 0)
            {
                return sb.KernelFreezeCount > 1 || (sb.KernelFreezeCount == 1 && sb.FreezeOwner is null);
            }

            return sb.UserFreezeCount > 0;
        }

        /// <summary>freeze_inc: count the holder (and record an exclusive owner).</summary>
        public static void Increment(SuperBlock sb, FreezeHolder who, object? owner)
        {
            if ((who & FreezeHolder.Kernel) != 0)
            {
                sb.KernelFreezeCount++;
            }
            else
            {
                sb.UserFreezeCount++;
            }

            if ((who & FreezeHolder.Exclusive) != 0)
            {
                sb.FreezeOwner = owner;
            }
        }

        /// <summary>freeze_dec: drop one count of the holder if it has one; returns the holds that remain.</summary>
        public static int Decrement(SuperBlock sb, FreezeHolder who)
        {
            if ((who & FreezeHolder.Kernel) != 0 && sb.KernelFreezeCount > 0)
            {
                sb.KernelFreezeCount--;
            }
            else if ((who & FreezeHolder.Userspace) != 0 && sb.UserFreezeCount > 0)
            {
                sb.UserFreezeCount--;
            }

            return sb.KernelFreezeCount + sb.UserFreezeCount;
        }
    }
}
