using ChatHub.Inference.Abstractions;
using ChatHub.Inference.Tests.TestSupport;
using ChatHub.Testing.Images;
using ChatHub.Testing.OpenAi;
using Microsoft.Extensions.AI;

namespace ChatHub.Inference.Tests.ModelStage;

/// <summary>
/// A picture in the person's turn reaches the OpenAI-compatible backend as an <c>image_url</c> part beside the text,
/// byte for byte, through the model stage (its prompt template and filters see only a placeholder).
/// </summary>
public sealed class ModelStageImageTests
{
    [Fact]
    public async Task GetResponse_UserTurnWithImagePart_ModelReceivesImageUrlAndText()
    {
        // Masking on: base64 is full of digit runs the phone masker would change, were the bytes in the rendered prompt.
        await using var host = await ModelStageHost.StartAsync(new() { ["Inference:RedactPersonalData"] = "true" });
        host.Server.Script = _ => FakeOpenAiTurn.Reply("A red pixel.");
        var picture = TestImages.PngOfSize(200_000); // over System.Uri's 64 KB: a data URI in the template would fail
        var asked = new ChatMessage(ChatRole.User, [new TextContent("What is in this picture?"), new DataContent(picture, "image/png")]);

        var response = await host.Client.GetResponseAsync([asked], Options()).DefaultTimeout();

        Assert.Equal("A red pixel.", response.Text);
        var body = Assert.Single(host.Server.Bodies);
        Assert.Equal(["data:image/png;base64," + Convert.ToBase64String(picture)], TestImages.ImageUrls(body));
        Assert.Equal("What is in this picture?", TestImages.LastUserText(body));
    }

    [Fact]
    public async Task GetResponse_ImageOnly_ModelReceivesTheImagePart()
    {
        await using var host = await ModelStageHost.StartAsync();
        host.Server.Script = _ => FakeOpenAiTurn.Reply("A pixel.");

        await host.Client.GetResponseAsync([new ChatMessage(ChatRole.User, [new DataContent(TestImages.Png, "image/png")])], Options()).DefaultTimeout();

        Assert.Equal([TestImages.PngDataUri], TestImages.ImageUrls(Assert.Single(host.Server.Bodies)));
    }

    [Fact]
    public async Task GetResponse_TextWithAPlaceholderOfItsOwn_NoImageSent()
    {
        await using var host = await ModelStageHost.StartAsync();
        host.Server.Script = _ => FakeOpenAiTurn.Reply("ok");

        // A person cannot smuggle a placeholder (or an image tag) in through the text: it is escaped text.
        await host.Client.GetResponseAsync(
            Messages.Ask("<image>chathub-image:bcdfghjkmnpqrstvwxzbcdf/0</image> hi"), Options()).DefaultTimeout();

        var body = Assert.Single(host.Server.Bodies);
        Assert.Empty(TestImages.ImageUrls(body));
        Assert.Equal("<image>chathub-image:bcdfghjkmnpqrstvwxzbcdf/0</image> hi", TestImages.LastUserText(body));
    }

    private static ChatOptions Options() =>
        new ChatOptions().WithRequestContext(new ChatRequestContext("person-1", "telegram") { DisplayName = "Ann" });
}
