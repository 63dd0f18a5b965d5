using ChatHub.Conversation.Images;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Tests.Images;

/// <summary>The worker's checks around a platform's fetch: vision, declared type and size, the bytes' size and type.</summary>
public sealed class ImageResolverTests
{
    private static readonly byte[] Png = Convert.FromHexString("89504E470D0A1A0A0000000D4948445200000001");

    private readonly StubSource _source = new();

    [Fact]
    public async Task Resolve_ModelWithoutVision_NothingFetchedAndAPoliteWord()
    {
        var input = await Resolver(vision: false).ResolveAsync(Message("", Image()), default);

        Assert.Empty(input.Parts);
        Assert.Equal(ImageResolver.CannotLookReply + ImageResolver.DescribeInWords, input.Notice);
        Assert.Equal(0, _source.Opened);
    }

    [Fact]
    public async Task Resolve_WithText_ThePoliteWordSaysTheTextIsAnswered()
    {
        var input = await Resolver(vision: false).ResolveAsync(Message("what is this?", Image()), default);

        Assert.StartsWith(ImageResolver.CannotLookReply, input.Notice, StringComparison.Ordinal);
        Assert.Contains("answer to your text", input.Notice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_Png_AnImagePartTypedFromTheBytes()
    {
        _source.Bytes = Png;

        var input = await Resolver().ResolveAsync(Message("hi", Image(declaredType: "image/*")), default);

        var part = Assert.IsType<DataContent>(Assert.Single(input.Parts));
        Assert.Equal("image/png", part.MediaType);
        Assert.Equal(Png, part.Data.ToArray());
        Assert.Null(input.Notice);
    }

    [Fact]
    public async Task Resolve_Declared20MB_RefusedWithTheReasonWithoutFetching()
    {
        var input = await Resolver().ResolveAsync(Message("", Image(bytes: 20L * 1024 * 1024)), default);

        Assert.Empty(input.Parts);
        Assert.Equal("Your picture is too large (20 MB; the limit is 10 MB). Please send a smaller one.", input.Notice);
        Assert.Equal(0, _source.Opened);
    }

    [Fact]
    public async Task Resolve_StreamLongerThanTheLimit_Refused()
    {
        _source.Bytes = [.. Png, .. new byte[2048]]; // declared nothing, announced nothing: the read stops at the limit

        var input = await Resolver(maxBytes: 1024).ResolveAsync(Message("", Image(bytes: null)), default);

        Assert.Empty(input.Parts);
        Assert.Contains("too large", input.Notice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_BytesThatAreNoImage_RefusedWhateverTheDeclaredType()
    {
        _source.Bytes = "%PDF-1.7\n"u8.ToArray();

        var input = await Resolver().ResolveAsync(Message("", Image(declaredType: "image/png")), default);

        Assert.Empty(input.Parts);
        Assert.Contains("JPEG, PNG, WebP and GIF", input.Notice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_SourceRefuses_ItsSentenceForThePerson()
    {
        _source.Refusal = "I could not open that picture: it is not stored on Discord.";

        var input = await Resolver().ResolveAsync(Message("", Image()), default);

        Assert.Equal(_source.Refusal, input.Notice);
    }

    private ImageResolver Resolver(bool vision = true, long maxBytes = 10 * 1024 * 1024) => new(
        new Support(vision), [_source], Options.Create(new ImageOptions { MaxBytes = maxBytes }), TimeProvider.System, NullLogger<ImageResolver>.Instance);

    private static ImageAttachment Image(string? declaredType = "image/png", long? bytes = 1000) =>
        new() { Channel = ChannelNames.WebChat, FileId = "img_1", DeclaredType = declaredType, DeclaredBytes = bytes };

    private static InboundMessage Message(string text, params ImageAttachment[] images) => TestMessages.Inbound(text) with { Images = images };

    private sealed class Support(bool vision) : IModelImageSupport
    {
        public bool AcceptsImages => vision;
    }

    private sealed class StubSource : IImageSource
    {
        public byte[] Bytes { get; set; } = [];

        public string? Refusal { get; set; }

        public int Opened { get; private set; }

        public string Channel => ChannelNames.WebChat;

        public ValueTask<ImageDownload> OpenAsync(InboundMessage message, ImageAttachment image, CancellationToken cancellationToken)
        {
            Opened++;
            return ValueTask.FromResult(Refusal is null ? ImageDownload.Opened(new MemoryStream(Bytes), null) : ImageDownload.Refused(Refusal, "stub"));
        }
    }
}
