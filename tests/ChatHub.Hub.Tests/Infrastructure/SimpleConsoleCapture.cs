using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace ChatHub.Hub.Tests.Infrastructure;

/// <summary>
/// A logger provider that writes every entry (all levels) through the real simple console formatter
/// (<c>AddSimpleConsole</c>, the default console format) into memory instead of the console, so a test sees exactly
/// the lines an operator would see: <c>warn: Category[EventId]</c>, then the message indented on the next line.
/// </summary>
public sealed class SimpleConsoleCapture : ILoggerProvider
{
    private readonly ConsoleFormatter _formatter;
    private readonly ServiceProvider _formatterServices;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();

    public SimpleConsoleCapture()
    {
        _formatterServices = new ServiceCollection()
            .AddLogging(logging => logging.AddSimpleConsole(o => o.ColorBehavior = LoggerColorBehavior.Disabled))
            .BuildServiceProvider();
        _formatter = _formatterServices.GetServices<ConsoleFormatter>().Single(f => f.Name == ConsoleFormatterNames.Simple);
    }

    /// <summary>Everything written so far.</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The output cut into the lines a terminal or a log shipper would show (any line break counts).</summary>
    public IReadOnlyList<string> Lines => Output.Split(["\r\n", "\r", "\n", "\u0085", "\u2028", "\u2029", "\v", "\f"], StringSplitOptions.None);

    /// <summary>Adds the provider to a host at Trace level, whatever the configured filters say.</summary>
    public void Install(WebApplicationBuilder builder)
    {
        builder.Logging.AddProvider(this);
        builder.Logging.AddFilter<SimpleConsoleCapture>(null, LogLevel.Trace);
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() => _formatterServices.Dispose();

    private void Write<TState>(LogLevel level, string category, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var entry = new LogEntry<TState>(level, category, eventId, state, exception, formatter);
        using var writer = new StringWriter();
        _formatter.Write(in entry, scopeProvider: null, writer);
        lock (_gate)
        {
            _output.Append(writer);
        }
    }

    private sealed class Logger(SimpleConsoleCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Write(logLevel, category, eventId, state, exception, formatter);
    }
}
