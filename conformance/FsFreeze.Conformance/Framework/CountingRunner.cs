using System;
using FsCheck;
using Microsoft.FSharp.Collections;
using Microsoft.FSharp.Core;

namespace FsFreeze.Conformance.Framework
{
    /// <summary>
    /// Wraps FsCheck's runner and counts the cases it generates and runs (FsCheck calls OnArguments once per
    /// generated case, before running it), so the suite reports the property cases it really executed rather
    /// than the sum of the MaxTest settings. Shrink steps are not counted.
    /// </summary>
    internal sealed class CountingRunner : IRunner
    {
        private readonly IRunner inner;

        public CountingRunner(IRunner inner) => this.inner = inner;

        /// <summary>Cases generated and run so far.</summary>
        public int Cases { get; private set; }

        public void OnStartFixture(Type t) => inner.OnStartFixture(t);

        public void OnArguments(int ntest, FSharpList<object> args, FSharpFunc<int, FSharpFunc<FSharpList<object>, string>> every)
        {
            Cases++;
            inner.OnArguments(ntest, args, every);
        }

        public void OnShrink(FSharpList<object> args, FSharpFunc<FSharpList<object>, string> everyShrink) => inner.OnShrink(args, everyShrink);

        public void OnFinished(string name, TestResult testResult) => inner.OnFinished(name, testResult);
    }
}
