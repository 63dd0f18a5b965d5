using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatHub.Inference.LlamaCpp.Native;

/// <summary>
/// Routes llama.cpp's and ggml's log (installed with <c>llama_log_set</c>, which covers both) to an
/// <see cref="ILogger"/>. Native lines arrive in pieces, on native threads; a line is logged once it ends. Levels:
/// ERROR → Error, WARN → Warning, INFO → Debug (about 230 lines of loader internals per model), DEBUG → Trace, and
/// CONT (continuation, e.g. progress dots) at the level of the line it continues.
/// </summary>
internal static unsafe class LlamaNativeLog
{
    private const int GgmlLogLevelDebug = 1;
    private const int GgmlLogLevelInfo = 2;
    private const int GgmlLogLevelWarn = 3;
    private const int GgmlLogLevelError = 4;
    private const int GgmlLogLevelContinue = 5;

    [ThreadStatic]
    private static StringBuilder? t_line;

    [ThreadStatic]
    private static LogLevel t_level;

    private static ILogger s_logger = NullLogger.Instance;
    private static Action<LogLevel, string>? s_observer;

    /// <summary>The callback to pass to <c>llama_log_set</c>.</summary>
    public static delegate* unmanaged[Cdecl]<int, byte*, void*, void> Callback => &OnLog;

    public static void SetLogger(ILogger logger) => Volatile.Write(ref s_logger, logger);

    /// <summary>Also hands every completed line to <paramref name="observer"/> until the returned scope is disposed (the quantizer's progress).</summary>
    public static IDisposable Observe(Action<LogLevel, string> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        Volatile.Write(ref s_observer, observer);
        return new ObserverScope(observer);
    }

    internal static LogLevel MapLevel(int nativeLevel, LogLevel previous) => nativeLevel switch
    {
        GgmlLogLevelError => LogLevel.Error,
        GgmlLogLevelWarn => LogLevel.Warning,
        GgmlLogLevelInfo => LogLevel.Debug,
        GgmlLogLevelDebug => LogLevel.Trace,
        GgmlLogLevelContinue => previous,
        _ => LogLevel.Debug,
    };

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnLog(int level, byte* text, void* userData)
    {
        try
        {
            var line = t_line ??= new StringBuilder();
            t_level = MapLevel(level, t_level == LogLevel.None ? LogLevel.Debug : t_level);
            if (text is not null)
            {
                line.Append(Marshal.PtrToStringUTF8((nint)text));
            }

            var end = line.ToString().LastIndexOf('\n');
            if (end < 0)
            {
                return;
            }

            var complete = line.ToString(0, end);
            line.Remove(0, end + 1);
            foreach (var part in complete.Split('\n'))
            {
                Emit(t_level, part.TrimEnd());
            }
        }
#pragma warning disable CA1031 // An exception must never unwind into native code.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private static void Emit(LogLevel level, string line)
    {
        if (line.Length == 0)
        {
            return;
        }

        Volatile.Read(ref s_observer)?.Invoke(level, line);
        var logger = Volatile.Read(ref s_logger);
        if (logger.IsEnabled(level))
        {
            Log.LlamaNativeMessage(logger, level, line);
        }
    }

    private sealed class ObserverScope(Action<LogLevel, string> observer) : IDisposable
    {
        public void Dispose() => Interlocked.CompareExchange(ref s_observer, null, observer);
    }
}
