using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace ChatHub.Conversation.Moderation;

/// <summary>
/// Holds the current <see cref="WordFilter"/> built from the word-list file and rebuilds it when the file changes
/// (hot reload). A reload that fails keeps the previous list. Readers see either the old or the new filter, never a
/// half-built one.
/// </summary>
public sealed partial class WordListMonitor : IDisposable
{
    private readonly string _path;
    private readonly ILogger<WordListMonitor> _logger;
    private readonly PhysicalFileProvider? _files;
    private readonly IDisposable? _watch;
    private volatile WordFilter _current = WordFilter.Empty;
    private int _version;

    public WordListMonitor(IOptions<ModerationOptions> options, ILogger<WordListMonitor> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger;
        _path = options.Value.ResolvePath();
        if (!options.Value.Enabled)
        {
            return;
        }

        Load(initial: true);
        _files = new PhysicalFileProvider(Path.GetDirectoryName(_path)!) { UsePollingFileWatcher = false };
        _watch = ChangeToken.OnChange(() => _files.Watch(Path.GetFileName(_path)), () => Load(initial: false));
    }

    /// <summary>Raised after the list was reloaded (with the new number of entries).</summary>
    public event Action<int>? Reloaded;

    public WordFilter Current => _current;

    /// <summary>Increases with every successful load (for tests and diagnostics).</summary>
    public int Version => Volatile.Read(ref _version);

    /// <summary>Re-reads the file now (also called by the file watcher).</summary>
    public void Reload() => Load(initial: false);

    public void Dispose()
    {
        _watch?.Dispose();
        _files?.Dispose();
    }

    private void Load(bool initial)
    {
        try
        {
            // The writer may still hold the file: a short retry covers editors that save in two steps.
            string[] lines = [];
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    lines = File.ReadAllLines(_path);
                    break;
                }
                catch (IOException) when (attempt < 5 && !initial)
                {
                    Thread.Sleep(50);
                }
            }

            _current = WordFilter.Build(lines);
            Interlocked.Increment(ref _version);
            LogLoaded(_logger, _path, _current.Count);
            if (!initial)
            {
                Reloaded?.Invoke(_current.Count);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            if (initial)
            {
                throw new InvalidOperationException($"Moderation:WordListPath '{_path}' cannot be read: {ex.Message}", ex);
            }

            LogReloadFailed(_logger, _path, ex);
        }
    }

    [LoggerMessage(EventId = 3851, Level = LogLevel.Information, Message = "Moderation word list {Path} loaded: {Count} entries")]
    private static partial void LogLoaded(ILogger logger, string path, int count);

    [LoggerMessage(EventId = 3852, Level = LogLevel.Error, Message = "Moderation word list {Path} could not be reloaded; keeping the previous list")]
    private static partial void LogReloadFailed(ILogger logger, string path, Exception exception);
}
