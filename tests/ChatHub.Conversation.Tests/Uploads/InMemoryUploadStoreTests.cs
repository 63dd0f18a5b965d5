using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Images;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Uploads;
using ChatHub.Conversation.Voice;

namespace ChatHub.Conversation.Tests.Uploads;

/// <summary>Uploads in memory: only their owner's, kept for the TTL, bounded in bytes and per owner, erased with the person; each kind its own store.</summary>
public sealed class InMemoryUploadStoreTests
{
    private readonly ManualTimeProvider _time = new();

    private InMemoryUploadStore Store(ImageOptions? options = null) => new(UploadKind.ForImages(options ?? new ImageOptions()), _time);

    private InMemoryUploadStore VoiceStore(VoiceOptions? options = null) => new(UploadKind.ForVoice(options ?? new VoiceOptions()), _time);

    [Fact]
    public async Task Get_ByOwner_TheBytes_OtherOwnerNothing()
    {
        var store = Store();
        var image = (await store.PutAsync(ChannelNames.WebChat, "conv-a", [1, 2, 3], ImageFormats.Png, default)).Upload!;

        Assert.Equal([1, 2, 3], (await store.GetAsync(ChannelNames.WebChat, "conv-a", image.Id, default))!.Bytes);
        Assert.Null(await store.GetAsync(ChannelNames.WebChat, "conv-b", image.Id, default));
        Assert.Null(await store.GetAsync(ChannelNames.Telegram, "conv-a", image.Id, default));
    }

    [Fact]
    public async Task Get_AfterTheTtl_GoneAndItsBytesFreed()
    {
        var store = Store(new ImageOptions { UploadTtl = TimeSpan.FromMinutes(30) });
        var image = (await store.PutAsync(ChannelNames.WebChat, "conv-a", new byte[1000], ImageFormats.Png, default)).Upload!;

        _time.Advance(TimeSpan.FromMinutes(29));
        Assert.NotNull(await store.GetAsync(ChannelNames.WebChat, "conv-a", image.Id, default));
        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.Null(await store.GetAsync(ChannelNames.WebChat, "conv-a", image.Id, default));
        Assert.Equal(0, store.Bytes);
    }

    [Fact]
    public async Task Put_OverTheStoreBound_RefusedWithReason()
    {
        var store = Store(new ImageOptions { UploadStoreMaxBytes = 1024 * 1024, UploadsPerConversation = 10 });
        Assert.NotNull((await store.PutAsync(ChannelNames.WebChat, "a", new byte[700 * 1024], ImageFormats.Png, default)).Upload);

        var refused = await store.PutAsync(ChannelNames.WebChat, "b", new byte[400 * 1024], ImageFormats.Png, default);

        Assert.Null(refused.Upload);
        Assert.Contains("can't take more pictures", refused.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_MoreThanAnOwnerMayHold_RefusedWithReason()
    {
        var store = Store(new ImageOptions { UploadsPerConversation = 2 });
        await store.PutAsync(ChannelNames.WebChat, "a", [1], ImageFormats.Png, default);
        await store.PutAsync(ChannelNames.WebChat, "a", [2], ImageFormats.Png, default);

        Assert.Null((await store.PutAsync(ChannelNames.WebChat, "a", [3], ImageFormats.Png, default)).Upload);
        Assert.NotNull((await store.PutAsync(ChannelNames.WebChat, "b", [3], ImageFormats.Png, default)).Upload);
    }

    [Fact]
    public async Task Erase_ThePersonsIdentities_TheirUploadsGoneOthersKept()
    {
        var store = Store();
        var mine = (await store.PutAsync(ChannelNames.WebChat, "conv-a", [1], ImageFormats.Png, default)).Upload!;
        var theirs = (await store.PutAsync(ChannelNames.WebChat, "conv-b", [2], ImageFormats.Png, default)).Upload!;

        var removed = await new UploadEraser(store, VoiceStore()).EraseAsync(
            "hub-user-1", [new PlatformIdentity(ChannelNames.WebChat, "conv-a"), new PlatformIdentity(ChannelNames.Telegram, "42")], [], default);

        Assert.Equal(1, removed);
        Assert.Null(await store.GetAsync(ChannelNames.WebChat, "conv-a", mine.Id, default));
        Assert.NotNull(await store.GetAsync(ChannelNames.WebChat, "conv-b", theirs.Id, default));
    }

    [Fact]
    public async Task Voice_PutThenGet_OwnersOnlyUntilTheTtl()
    {
        var store = VoiceStore(new VoiceOptions { UploadTtl = TimeSpan.FromMinutes(10) });
        var recording = (await store.PutAsync(ChannelNames.WebChat, "conv-a", [1, 2, 3], AudioFormats.WebM, default)).Upload!;

        Assert.StartsWith("vm_", recording.Id, StringComparison.Ordinal);
        Assert.NotNull(await store.GetAsync(ChannelNames.WebChat, "conv-a", recording.Id, default));
        Assert.Null(await store.GetAsync(ChannelNames.WebChat, "conv-b", recording.Id, default));
        _time.Advance(TimeSpan.FromMinutes(10));
        Assert.Null(await store.GetAsync(ChannelNames.WebChat, "conv-a", recording.Id, default));
    }

    [Fact]
    public async Task Voice_OverThePerConversationLimit_RefusedInItsOwnWords()
    {
        var store = VoiceStore(new VoiceOptions { UploadsPerConversation = 1 });
        await store.PutAsync(ChannelNames.WebChat, "conv-a", [1], AudioFormats.Ogg, default);

        var refused = await store.PutAsync(ChannelNames.WebChat, "conv-a", [2], AudioFormats.Ogg, default);

        Assert.Null(refused.Upload);
        Assert.Equal("You have sent 1 voice messages in a short time. Please wait a few minutes, then send it again.", refused.Refusal);
    }

    [Fact]
    public async Task Voice_Erase_ThePersonsRecordingsGone()
    {
        var store = VoiceStore();
        var recording = (await store.PutAsync(ChannelNames.WebChat, "conv-a", [1, 2, 3], AudioFormats.WebM, default)).Upload!;

        var removed = await new UploadEraser(Store(), store).EraseAsync("hub-1", [new PlatformIdentity(ChannelNames.WebChat, "conv-a")], [], default);

        Assert.Equal(1, removed);
        Assert.Null(await store.GetAsync(ChannelNames.WebChat, "conv-a", recording.Id, default));
    }
}
