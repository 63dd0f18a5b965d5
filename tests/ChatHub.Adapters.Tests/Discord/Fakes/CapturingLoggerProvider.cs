using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ChatHub.Adapters.Tests.Discord.Fakes;

/// <summary>Keeps every log entry (all levels, all categories) with its event id, formatted message and exception.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

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
