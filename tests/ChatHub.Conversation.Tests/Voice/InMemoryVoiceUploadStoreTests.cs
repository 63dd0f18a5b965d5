using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Voice;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Tests.Voice;

/// <summary>Web-chat recordings: the pictures' store with the Voice:Upload* bounds, its own wording, erased with the person.</summary>
public sealed class InMemoryVoiceUploadStoreTests
{
    private readonly ManualTimeProvider _time = new();

    private InMemoryVoiceUploadStore Store(VoiceOptions? options = null) => new(Options.Create(options ?? new VoiceOptions()), _time);

    [Fact]
    public async Task Put_ThenGet_OwnersOnlyUntilTheTtl()
    {
        var store = Store(new VoiceOptions { UploadTtl = TimeSpan.FromMinutes(10) });
        var recording = (await store.PutAsync(ChannelNames.WebChat, "conv-a", [1, 2, 3], AudioFormats.WebM, default)).Image!;

        Assert.StartsWith("vm_", recording.Id, StringComparison.Ordinal);
        Assert.NotNull(await store.GetAsync(ChannelNames.WebChat, "conv-a", recording.Id, default));
        Assert.Null(await store.GetAsync(ChannelNames.WebChat, "conv-b", recording.Id, default));
        _time.Advance(TimeSpan.FromMinutes(10));
        Assert.Null(await store.GetAsync(ChannelNames.WebChat, "conv-a", recording.Id, default));
    }

    [Fact]
    public async Task Put_OverThePerConversationLimit_RefusedInItsOwnWords()
    {
        var store = Store(new VoiceOptions { UploadsPerConversation = 1 });
        await store.PutAsync(ChannelNames.WebChat, "conv-a", [1], AudioFormats.Ogg, default);

        var refused = await store.PutAsync(ChannelNames.WebChat, "conv-a", [2], AudioFormats.Ogg, default);

        Assert.Null(refused.Image);
        Assert.Equal("You have sent 1 voice messages in a short time. Please wait a few minutes, then send it again.", refused.Refusal);
    }

    [Fact]
    public async Task Erase_ThePersonsRecordingsGone()
    {
        var store = Store();
        var recording = (await store.PutAsync(ChannelNames.WebChat, "conv-a", [1, 2, 3], AudioFormats.WebM, default)).Image!;

        var removed = await new VoiceUploadEraser(store).EraseAsync("hub-1", [new PlatformIdentity(ChannelNames.WebChat, "conv-a")], [], default);

        Assert.Equal(1, removed);
        Assert.Null(await store.GetAsync(ChannelNames.WebChat, "conv-a", recording.Id, default));
    }
}
