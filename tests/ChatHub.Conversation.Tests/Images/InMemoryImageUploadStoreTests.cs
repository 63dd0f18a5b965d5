using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Images;
using ChatHub.Conversation.Messages;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Tests.Images;

/// <summary>Uploads: only their owner's, kept for the TTL, bounded in bytes and per owner, erased with the person.</summary>
public sealed class InMemoryImageUploadStoreTests
{
    private readonly ManualTimeProvider _time = new();

    private InMemoryImageUploadStore Store(ImageOptions? options = null) => new(Options.Create(options ?? new ImageOptions()), _time);

    [Fact]
    public async Task Get_ByOwner_TheBytes_OtherOwnerNothing()
    {
        var store = Store();
        var image = (await store.PutAsync(ChannelNames.WebChat, "conv-a", [1, 2, 3], ImageFormats.Png, default)).Image!;

        Assert.Equal([1, 2, 3], (await store.GetAsync(ChannelNames.WebChat, "conv-a", image.Id, default))!.Bytes);
        Assert.Null(await store.GetAsync(ChannelNames.WebChat, "conv-b", image.Id, default));
        Assert.Null(await store.GetAsync(ChannelNames.Telegram, "conv-a", image.Id, default));
    }

    [Fact]
    public async Task Get_AfterTheTtl_GoneAndItsBytesFreed()
    {
        var store = Store(new ImageOptions { UploadTtl = TimeSpan.FromMinutes(30) });
        var image = (await store.PutAsync(ChannelNames.WebChat, "conv-a", new byte[1000], ImageFormats.Png, default)).Image!;

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
        Assert.NotNull((await store.PutAsync(ChannelNames.WebChat, "a", new byte[700 * 1024], ImageFormats.Png, default)).Image);

        var refused = await store.PutAsync(ChannelNames.WebChat, "b", new byte[400 * 1024], ImageFormats.Png, default);

        Assert.Null(refused.Image);
        Assert.Contains("can't take more pictures", refused.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_MoreThanAnOwnerMayHold_RefusedWithReason()
    {
        var store = Store(new ImageOptions { UploadsPerConversation = 2 });
        await store.PutAsync(ChannelNames.WebChat, "a", [1], ImageFormats.Png, default);
        await store.PutAsync(ChannelNames.WebChat, "a", [2], ImageFormats.Png, default);

        Assert.Null((await store.PutAsync(ChannelNames.WebChat, "a", [3], ImageFormats.Png, default)).Image);
        Assert.NotNull((await store.PutAsync(ChannelNames.WebChat, "b", [3], ImageFormats.Png, default)).Image);
    }

    [Fact]
    public async Task Erase_ThePersonsIdentities_TheirUploadsGoneOthersKept()
    {
        var store = Store();
        var mine = (await store.PutAsync(ChannelNames.WebChat, "conv-a", [1], ImageFormats.Png, default)).Image!;
        var theirs = (await store.PutAsync(ChannelNames.WebChat, "conv-b", [2], ImageFormats.Png, default)).Image!;

        var removed = await new ImageUploadEraser(store).EraseAsync(
            "hub-user-1", [new PlatformIdentity(ChannelNames.WebChat, "conv-a"), new PlatformIdentity(ChannelNames.Telegram, "42")], [], default);

        Assert.Equal(1, removed);
        Assert.Null(await store.GetAsync(ChannelNames.WebChat, "conv-a", mine.Id, default));
        Assert.NotNull(await store.GetAsync(ChannelNames.WebChat, "conv-b", theirs.Id, default));
    }
}
