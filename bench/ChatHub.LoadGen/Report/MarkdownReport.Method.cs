using System.Text;

namespace ChatHub.LoadGen.Report;

internal static partial class MarkdownReport
{
    private static void WriteMachine(StringBuilder md, BenchmarkResults r)
    {
        var m = r.Machine;
        md.AppendLine("## Machine");
        md.AppendLine();
        md.AppendLine(F($"- CPU: {m.Cpu}, **{m.Cores} cores** (`nproc`); memory {m.Memory}; {m.Os}; {m.Runtime}."));
        md.AppendLine(F($"- Load average (1, 5, 15 min) before: {m.LoadBefore}; after: {m.LoadAfter}. The machine is shared with other engineers' builds and tests; the \"other\" CPU column of every table is what the rest of the machine used during that step, so noisy steps can be told apart."));
        md.AppendLine("- **The load generator, both fakes and the server under test share these cores.** The ceiling runs the same way (its own process, the same load generator), which is why ratios taken within one run are the figures to compare, not absolute numbers.");
        md.AppendLine();
    }

    private static void WriteMethod(StringBuilder md, BenchmarkResults r)
    {
        var s = r.Settings;
        md.AppendLine("## Method");
        md.AppendLine();
        md.AppendLine("Three systems (and a reference) receive the same webhook load, each as its own process started fresh per scenario and warmed up for 10 s (unrecorded) before its first step:");
        md.AppendLine();
        md.AppendLine("- **(a) async**: the hub (`ChatHub.Hub.dll`, Release, embedded mode: in-process bus and stores) as shipped: the webhook acknowledges once the update is on the bus; the worker and egress answer through the Bot API.");
        md.AppendLine("- **(b) sync**: the same hub with `--Hub:SynchronousIngress=true`: the webhook request waits until the reply was sent (a bot that works inside its webhook request).");
        md.AppendLine("- **(c) ceiling**: a bare Kestrel (`ChatHub.LoadGen ceiling`, server GC like the hub) answering `POST /webhooks/telegram` with 200 after reading the body: no parsing, no queue, no reply.");
        md.AppendLine("- **relay** (for reference, not a target): the same bare Kestrel that also pulls the chat and message id out of the update and, after answering 200, sends one `sendMessage` threaded to it: the least a webhook-in/reply-out bot does. The hub (a) does this plus its real work, and one `sendChatAction` (typing) more per reply.");
        md.AppendLine();
        md.AppendLine("What is timed, from the message's **intended** send time in an open-loop schedule (so a slow server cannot slow the load down and hide its own latency: no coordinated omission):");
        md.AppendLine();
        md.AppendLine("- hub (a, b) and relay: end to end = intended send → the reply's `sendMessage` arriving at the fake Bot API (matched by `reply_parameters.message_id`, which is the update's message id); ack = → webhook 200.");
        md.AppendLine("- ceiling (c): the HTTP 200 *is* the reply, so end to end = ack. The hub does strictly more (parse, de-duplicate, queue, answer, a `sendChatAction` and a `sendMessage` back); that extra work is what the ratios measure.");
        md.AppendLine(F($"- A message with no reply within {s.TimeoutSeconds:0} s is **lost**; a non-200 answer or a failed request is an **error**; both count as infinitely late in the percentiles. Completed msg/s = replies arriving inside the measured window."));
        md.AppendLine();
        md.AppendLine(F($"Load: each step offers a fixed rate for {s.WarmupSeconds:0} s of warm-up plus {s.DurationSeconds:0} s measured, over at most **{s.Connections} HTTP/1.1 connections** (SocketsHttpHandler `MaxConnectionsPerServer`, like Telegram's `max_connections`, whose maximum is 100); requests beyond them wait for a connection, and that wait counts. After the fixed rates a saturation search probes up (×1.5) or halfway between the best sustained and the first failed rate. Once a step completes less than 60 % of its offered rate (collapse), higher fixed rates are skipped. Before the next step the hub's queues drain."));
        md.AppendLine();
        md.AppendLine(F($"Workloads (questions from `content/knowledge.md`: {s.KnowledgePhrasings} headings and `Also:` phrasings, drawn Zipf(s = {s.ZipfExponent}) in a fixed random rank order):"));
        md.AppendLine();
        md.AppendLine("- **cache**: every message a knowledge-base phrasing as the first message of a fresh private chat, so the hot-question cache answers each one (it answers only first-turn, context-free questions).");
        md.AppendLine(F($"- **mix**: conversations of 1–4 turns (40/25/20/15 %, mean 2.1); a turn is sent only after the previous reply arrived (a person waits), new conversations start whenever no conversation is waiting for its next turn, so the message rate stays open-loop. Questions from {s.MixVocabulary} phrasings (the knowledge base's, and greeting-prefixed variants); first turns are cache hits, later turns have context and go to the knowledge base; {s.MixModelShare:P0} of all messages are unique questions nobody knows (model-bound). Plus a web-chat share: {s.WebClients} SignalR clients (JSON protocol over WebSocket) sending {s.WebShare:P0} of the rate (at most 100/s), timed from the intended time to the final `Reply`."));
        md.AppendLine(F($"- **slow**: every message a unique model-bound question in a fresh chat; the model is a fake OpenAI-compatible server in the load generator that answers after **{s.ModelDelayMs} ms** (streaming SSE, the answer in one chunk, so the first message shown is the whole reply), with unlimited concurrency."));
        md.AppendLine();
        md.AppendLine("Hub configuration (command line): Telegram in webhook mode against the fake Bot API; the fake model as `Inference:OpenAI`; `RateLimits:Enabled=false` and the web chat's per-address admission limits raised (`Channels:WebChat:Limits`: every simulated widget is on 127.0.0.1); `Inference:Concurrency:MaxConcurrentGenerations=0` and `Inference:OpenAI:MaxConnectionsPerServer=4096` (no per-node cap on model calls: the fake model serves any number at once); Telegram outbound budgets raised so that they never bind (the fake Bot API has no limit; the real Telegram allows a bot 30 messages/s, which no benchmark of the hub would exceed) (`PerChatPerSecond=30`, `PerChatBurst=30`, `PerGroupPerMinute=600`, " +
            F($"`GlobalPerSecond={s.TelegramGlobalPerSecond}`); `Bus:InProcess:Partitions={s.Partitions}`; logging at Warning; moderation on.") +
            (s.HubArgs.Length > 0 ? " Extra: `" + string.Join(' ', s.HubArgs) + "`." : ""));
        md.AppendLine();
    }
}
