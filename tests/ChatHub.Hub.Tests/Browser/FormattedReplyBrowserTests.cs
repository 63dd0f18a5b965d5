using ChatHub.Hub.Tests.Formatting;
using ChatHub.Hub.Tests.Infrastructure;
using ChatHub.Hub.Tests.Telegram.Fakes;
using ChatHub.Testing.Formatting;
using Microsoft.Extensions.AI;
using Microsoft.Playwright;

namespace ChatHub.Hub.Tests.Browser;

/// <summary>
/// Issue 21, formatting out, in Chromium through the real widget: the golden Markdown reply (<see cref="GoldenMarkdown"/>)
/// becomes DOM (paragraphs, strong, em, code, pre with its language, lists, links showing their address), and its
/// injection attempts stay text. A screenshot is left in artifacts/formatted-reply.png.
/// </summary>
public sealed class FormattedReplyBrowserTests
{
    /// <summary>The bubble's element tree: tag[attributes](children), text nodes quoted.</summary>
    private const string Describe = """
        (root) => {
          const keep = ['href', 'rel', 'target', 'start', 'data-language'];
          const walk = (node) => {
            if (node.nodeType === Node.TEXT_NODE) return JSON.stringify(node.textContent);
            const attributes = keep.filter((a) => node.hasAttribute(a)).map((a) => `${a}=${node.getAttribute(a)}`);
            const head = node.tagName.toLowerCase() + (attributes.length ? `[${attributes.join(' ')}]` : '');
            return `${head}(${[...node.childNodes].map(walk).join(' ')})`;
          };
          return [...root.childNodes].map(walk).join('\n');
        }
        """;

    private const string ExpectedDom = """
        p(strong("Setup"))
        p("Use " strong("bold") ", " em("italic") " and " code("code") " with " a[href=https://example.org/docs rel=noopener noreferrer target=_blank]("the docs") " (https://example.org/docs)" "." br() "Then 5 < 6 * 2 and a_b @everyone <@123>.")
        p("😀 " strong("after emoji"))
        ul(li(p("one")) li(p("two")))
        ol(li(p("first")) li(p("second")))
        pre(code[data-language=html]("<script src=\"x.js\"></script>"))
        p("<b>bold?</b> x " a[href=https://example.com/a_b rel=noopener noreferrer target=_blank]("https://example.com/a_b"))
        """;

    [Fact]
    public async Task Widget_GoldenReply_RenderedAsSafeDom()
    {
        await using var hub = await HubServer.StartAsync(configure: b =>
            b.Services.AddSingleton<IChatClient>(new ScriptedChatClient(ct => FormattedReplyTests.Once(GoldenMarkdown.Reply, ct))));
        await using var session = await BrowserSession.StartAsync();
        var page = await session.Browser.NewPageAsync();
        var dialogs = 0;
        page.Dialog += (_, dialog) =>
        {
            dialogs++;
            _ = dialog.DismissAsync();
        };
        await page.GotoAsync(hub.BaseAddress.ToString()).DefaultTimeout();

        await page.Locator("#chathub-input").FillAsync("how do I set it up?").DefaultTimeout();
        await page.Locator("#chathub-send").ClickAsync().DefaultTimeout();
        var bubble = page.Locator(".chathub-msg--bot[data-final='true'] .chathub-bubble").Last;
        await Assertions.Expect(bubble.Locator("pre")).ToHaveCountAsync(1, new() { Timeout = 20_000 });

        var dom = await bubble.EvaluateAsync<string>(Describe).DefaultTimeout();
        Directory.CreateDirectory(Path.Combine(RepoPaths.Root, "artifacts"));
        await bubble.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.Root, "artifacts", "formatted-reply.png") }).DefaultTimeout();

        Assert.Equal(ExpectedDom.ReplaceLineEndings("\n"), dom);
        Assert.Equal(0, await bubble.Locator("script, b, img, [onerror]").CountAsync().DefaultTimeout());
        Assert.Equal(0, dialogs);
    }
}
