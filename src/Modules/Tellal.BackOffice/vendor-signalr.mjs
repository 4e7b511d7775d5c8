// Writes wwwroot/lib/signalr.min.js from the @microsoft/signalr package that `npm ci` installed (run by
// Tellal.BackOffice.csproj). The minified file carries no licence comment, so its MIT terms are stated on top;
// the source map is not shipped, so the comment pointing browser tools to it goes.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";

const packageDir = "node_modules/@microsoft/signalr";
const { name, version, license } = JSON.parse(readFileSync(`${packageDir}/package.json`, "utf8"));
const script = readFileSync(`${packageDir}/dist/browser/signalr.min.js`, "utf8").replace(/\/\/# sourceMappingURL=\S+\s*$/, "");
const header = `/*! ${name} ${version} (dist/browser/signalr.min.js), vendored from npm by the build of Tellal.BackOffice.\n`
    + ` * Copyright (c) .NET Foundation and Contributors. ${license} License: https://github.com/dotnet/aspnetcore/blob/main/LICENSE.txt */\n`;

mkdirSync("wwwroot/lib", { recursive: true });
writeFileSync("wwwroot/lib/signalr.min.js", header + script.trimEnd() + "\n");
