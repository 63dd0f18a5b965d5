using ChatHub.Conversation.Images;
using ChatHub.Conversation.Uploads;
using ChatHub.Conversation.Voice;

namespace ChatHub.StoreSpecs;

/// <summary>
/// The web chat's upload store of one kind: an upload is its conversation's only, kept for the TTL, bounded per
/// conversation and in total bytes (expired and erased uploads give their room back), and erased with the
/// conversation's person; each kind (pictures, voice messages) is a store of its own, with its ids and its words.
/// </summary>
public abstract class UploadStoreSpec(StoreBackend backend) : StoreSpec(backend)
{
    private static readonly ImageOptions Options = new() { UploadTtl = TimeSpan.FromMinutes(30), UploadsPerConversation = 2, UploadStoreMaxBytes = 100 };

    private static readonly UploadKind Pictures = UploadKind.ForImages(Options);

    private static byte[] Bytes(int length, byte fill = 0x89) => Enumerable.Repeat(fill, length).ToArray();

    [Fact]
    public async Task PutAsync_ThenGet_TheOwnerGetsTheBytesNoOneElseDoes()
    {
        var store = Context.CreateUploadStore(Pictures);

        var stored = (await store.PutAsync("webchat", "c1", Bytes(10, 7), ImageFormats.Png, None).DefaultTimeout()).Upload!;
        var got = await store.GetAsync("webchat", "c1", stored.Id, None).DefaultTimeout();

        Assert.StartsWith("img_", stored.Id, StringComparison.Ordinal);
        Assert.Equal(Time.GetUtcNow() + Options.UploadTtl, stored.ExpiresAt);
        Assert.Equal((stored.Id, ImageFormats.Png), (got!.Id, got.MediaType));
        Assert.Equal(Bytes(10, 7), got.Bytes);
        Assert.Null(await store.GetAsync("webchat", "c2", stored.Id, None).DefaultTimeout());
        Assert.Null(await store.GetAsync("telegram", "c1", stored.Id, None).DefaultTimeout());
        Assert.Null(await store.GetAsync("webchat", "c1", "img_00000000000000000000000000000000", None).DefaultTimeout());
    }

    [Fact]
    public async Task PutAsync_OverThePerConversationBound_RefusedWithAReasonUntilOneExpires()
    {
        var store = Context.CreateUploadStore(Pictures);
        await store.PutAsync("webchat", "c1", Bytes(1), ImageFormats.Png, None).DefaultTimeout();
        await AdvanceAsync(TimeSpan.FromMinutes(20));
        await store.PutAsync("webchat", "c1", Bytes(1), ImageFormats.Png, None).DefaultTimeout();

        var third = await store.PutAsync("webchat", "c1", Bytes(1), ImageFormats.Png, None).DefaultTimeout();
        var otherConversation = await store.PutAsync("webchat", "c2", Bytes(1), ImageFormats.Png, None).DefaultTimeout();
        await AdvanceAsync(TimeSpan.FromMinutes(11)); // the first has expired
        var afterExpiry = await store.PutAsync("webchat", "c1", Bytes(1), ImageFormats.Png, None).DefaultTimeout();

        Assert.Null(third.Upload);
        Assert.Contains("You have sent 2 pictures in a short time", third.Refusal, StringComparison.Ordinal);
        Assert.NotNull(otherConversation.Upload);
        Assert.NotNull(afterExpiry.Upload);
    }

    [Fact]
    public async Task PutAsync_OverTheTotalBytes_RefusedUntilRoomIsGivenBack()
    {
        var store = Context.CreateUploadStore(Pictures);
        var first = (await store.PutAsync("webchat", "c1", Bytes(60), ImageFormats.Png, None).DefaultTimeout()).Upload!;
        await AdvanceAsync(TimeSpan.FromMinutes(20));
        await store.PutAsync("webchat", "c2", Bytes(30), ImageFormats.Png, None).DefaultTimeout();

        var full = await store.PutAsync("webchat", "c3", Bytes(20), ImageFormats.Png, None).DefaultTimeout();
        await AdvanceAsync(TimeSpan.FromMinutes(11)); // the 60 bytes expire
        var fits = await store.PutAsync("webchat", "c3", Bytes(20), ImageFormats.Png, None).DefaultTimeout();
        await store.RemoveOwnerAsync("webchat", "c2", None).DefaultTimeout(); // 30 more given back
        var fitsAgain = await store.PutAsync("webchat", "c4", Bytes(80), ImageFormats.Png, None).DefaultTimeout();

        Assert.Equal("I can't take more pictures just now. Please try again in a few minutes.", full.Refusal);
        Assert.Null(await store.GetAsync("webchat", "c1", first.Id, None).DefaultTimeout());
        Assert.NotNull(fits.Upload);
        Assert.NotNull(fitsAgain.Upload);
    }

    [Fact]
    public async Task RemoveOwnerAsync_ErasesThatConversationsUploadsOnly()
    {
        var store = Context.CreateUploadStore(Pictures);
        var a = (await store.PutAsync("webchat", "c1", Bytes(1), ImageFormats.Png, None).DefaultTimeout()).Upload!;
        var b = (await store.PutAsync("webchat", "c1", Bytes(1), ImageFormats.Jpeg, None).DefaultTimeout()).Upload!;
        var other = (await store.PutAsync("webchat", "c2", Bytes(1), ImageFormats.Png, None).DefaultTimeout()).Upload!;

        Assert.Equal(2, await store.RemoveOwnerAsync("webchat", "c1", None).DefaultTimeout());
        Assert.Equal(0, await store.RemoveOwnerAsync("webchat", "c1", None).DefaultTimeout());
        Assert.Null(await store.GetAsync("webchat", "c1", a.Id, None).DefaultTimeout());
        Assert.Null(await store.GetAsync("webchat", "c1", b.Id, None).DefaultTimeout());
        Assert.NotNull(await store.GetAsync("webchat", "c2", other.Id, None).DefaultTimeout());
        Assert.NotNull((await store.PutAsync("webchat", "c1", Bytes(1), ImageFormats.Png, None).DefaultTimeout()).Upload);
    }

    [Fact]
    public async Task GetAsync_AfterTheTtl_Gone()
    {
        var store = Context.CreateUploadStore(Pictures);
        var stored = (await store.PutAsync("webchat", "c1", Bytes(1), ImageFormats.Png, None).DefaultTimeout()).Upload!;

        await AdvanceAsync(TimeSpan.FromMinutes(29));
        Assert.NotNull(await store.GetAsync("webchat", "c1", stored.Id, None).DefaultTimeout());
        await AdvanceAsync(TimeSpan.FromMinutes(1));
        Assert.Null(await store.GetAsync("webchat", "c1", stored.Id, None).DefaultTimeout());
    }

    [Fact]
    public async Task Kinds_EachItsOwnStore_IdsBoundsAndWords()
    {
        var voiceKind = UploadKind.ForVoice(new VoiceOptions { UploadTtl = TimeSpan.FromMinutes(10), UploadsPerConversation = 1, UploadStoreMaxBytes = 1024 * 1024 });
        var pictures = Context.CreateUploadStore(Pictures);
        var voice = Context.CreateUploadStore(voiceKind);

        var picture = (await pictures.PutAsync("webchat", "c1", Bytes(1), ImageFormats.Png, None).DefaultTimeout()).Upload!;
        var recording = (await voice.PutAsync("webchat", "c1", Bytes(1), AudioFormats.Ogg, None).DefaultTimeout()).Upload!;
        var second = await voice.PutAsync("webchat", "c1", Bytes(1), AudioFormats.Ogg, None).DefaultTimeout();

        Assert.StartsWith("vm_", recording.Id, StringComparison.Ordinal);
        Assert.Equal(Time.GetUtcNow() + voiceKind.Ttl, recording.ExpiresAt);
        Assert.Equal("You have sent 1 voice messages in a short time. Please wait a few minutes, then send it again.", second.Refusal);
        Assert.Null(await voice.GetAsync("webchat", "c1", picture.Id, None).DefaultTimeout());
        Assert.Null(await pictures.GetAsync("webchat", "c1", recording.Id, None).DefaultTimeout());
        Assert.Equal(1, await voice.RemoveOwnerAsync("webchat", "c1", None).DefaultTimeout());
        Assert.NotNull(await pictures.GetAsync("webchat", "c1", picture.Id, None).DefaultTimeout());
    }
}
