using ChatHub.Conversation.Moderation;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Tests.Moderation;

public sealed class WordListMonitorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("chathub-words-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task FileChanged_NewListUsedWithoutRestart()
    {
        var path = Path.Combine(_dir, "words.txt");
        await File.WriteAllTextAsync(path, "alpha\n");
        using var monitor = new WordListMonitor(Options.Create(new ModerationOptions { WordListPath = path }), NullLogger<WordListMonitor>.Instance);
        var reloaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        monitor.Reloaded += count =>
        {
            if (monitor.Current.Matches("beta"))
            {
                reloaded.TrySetResult();
            }
        };

        Assert.True(monitor.Current.Matches("alpha"));
        Assert.False(monitor.Current.Matches("beta"));
        await File.WriteAllTextAsync(path, "alpha\nbeta\n");
        await reloaded.Task.DefaultTimeout();

        Assert.True(monitor.Current.Matches("b e t a"));
    }

    [Fact]
    public void Constructor_MissingFile_FailsClearly()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            new WordListMonitor(Options.Create(new ModerationOptions { WordListPath = Path.Combine(_dir, "nope.txt") }), NullLogger<WordListMonitor>.Instance));
        Assert.Contains("Moderation:WordListPath", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reload_UnreadableFile_KeepsPreviousList()
    {
        var path = Path.Combine(_dir, "words.txt");
        await File.WriteAllTextAsync(path, "alpha\n");
        using var monitor = new WordListMonitor(Options.Create(new ModerationOptions { WordListPath = path }), NullLogger<WordListMonitor>.Instance);
        File.Delete(path);
        monitor.Reload();
        Assert.True(monitor.Current.Matches("alpha"));
    }
}
