// The node-llama-cpp side of ChatHub's single-sequence comparison (run by `ChatHub.Bench node`, not by hand).
// Reads a JSON job (model, threads, context, prompts as token ids, tokens per reply, runs), decodes each prompt
// greedily with node-llama-cpp 3.22.1 on the same llama.cpp build ChatHub loads, and prints one JSON result line.
import {readFileSync} from "node:fs";
import {performance} from "node:perf_hooks";
import {getLlama} from "node-llama-cpp";

const job = JSON.parse(readFileSync(process.argv[2], "utf8"));
const llama = await getLlama({
    gpu: false, build: "never", usePrebuiltBinaries: true, skipDownload: true, progressLogs: false,
    logLevel: "error", maxThreads: job.threads
});
const model = await llama.loadModel({modelPath: job.modelPath, gpuLayers: 0});
const context = await model.createContext({
    contextSize: job.contextSize, sequences: 1, batchSize: job.batchSize, threads: job.threads
});
const sequence = context.getSequence();
const results = [];
for (let run = 0; run < job.runs; run++) {
    for (const prompt of job.prompts) {
        await sequence.clearHistory();
        const tokens = [];
        const start = performance.now();
        let first = start;
        for await (const token of sequence.evaluate(prompt, {temperature: 0})) {
            tokens.push(token);
            if (tokens.length === 1)
                first = performance.now();
            if (tokens.length >= job.maxTokens)
                break;
        }
        const end = performance.now();
        results.push({tokens, firstTokenMs: first - start, totalMs: end - start, decodeMs: end - first});
    }
}
console.log(JSON.stringify({llamaCppRelease: llama.llamaCppRelease, threads: context.currentThreads, results}));
await context.dispose();
await model.dispose();
await llama.dispose();
