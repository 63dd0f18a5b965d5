using System.Collections.Concurrent;

namespace ChatHub.Hub.Tests.Telegram.Fakes;

/// <summary>Keeps every log entry (all levels, all categories) with its formatted message and exception.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Category, LogLevel Level, string Text)> _entries = new();

    public IReadOnlyList<(string Category, LogLevel Level, string Text)> Entries => [.. _entries];

    /// <summary>Adds the provider to a host at Trace level, whatever the configured filters say.</summary>
    public void Install(WebApplicationBuilder builder)
    {
        builder.Logging.AddProvider(this);
        builder.Logging.AddFilter<CapturingLoggerProvider>(null, LogLevel.Trace);
    }

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<(string, LogLevel, string)> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopeless = formatter(state, exception) + (state is IEnumerable<KeyValuePair<string, object?>> values
                ? " " + string.Join(' ', values.Select(v => $"{v.Key}={v.Value}"))
                : "");
            entries.Enqueue((category, logLevel, scopeless + (exception is null ? "" : "\n" + exception)));
        }
    }
}
