using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace ChatHub.Testing.Logging;

/// <summary>
/// Keeps every log entry (all levels, all categories) with its event id, its formatted message followed by its
/// structured values (<c>Name=value</c>), and its exception: what a test checks for secrets and message text.
/// </summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    /// <summary>Adds the provider to a host at Trace level, whatever the configured filters say.</summary>
    public void Install(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Logging.AddProvider(this);
        builder.Logging.AddFilter<CapturingLoggerProvider>(null, LogLevel.Trace);
    }

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    public sealed record LogEntry(string Category, LogLevel Level, int EventId, string Text);

    private sealed class Logger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? " " + string.Join(' ', pairs.Select(v => $"{v.Key}={v.Value}")) : "";
            entries.Enqueue(new LogEntry(category, logLevel, eventId.Id, formatter(state, exception) + values + (exception is null ? "" : "\n" + exception)));
        }
    }
}
