-- pipescope's session files in Wireshark and tshark (docs/wireshark.md).
--
-- A pipescope session is pcapng with one interface per stream (stdin, stdout, stderr, events)
-- and the raw bytes of each read as a packet of link type USER0. This dissector names the
-- stream and its direction, shows a one-line summary per record in the Info column (the JSON-RPC
-- or DAP message a read carries, the lifecycle event, or the start of the text), and hands JSON
-- bodies to Wireshark's own JSON dissector, so that they can be browsed as trees.
--
-- Load it for one run:   tshark -X lua_script:pipescope.lua -r session.pcapng
-- or for good: copy it to ~/.local/lib/wireshark/plugins/ (Wireshark's personal plugin folder).

local pipescope = Proto("pipescope", "pipescope stdio session")

local fields = {
    stream = ProtoField.string("pipescope.stream", "Stream"),
    dir = ProtoField.string("pipescope.dir", "Direction"),
    kind = ProtoField.string("pipescope.kind", "Kind"),
    method = ProtoField.string("pipescope.method", "Method"),
    id = ProtoField.string("pipescope.id", "Id"),
    content_length = ProtoField.uint32("pipescope.content_length", "Content-Length"),
    event = ProtoField.string("pipescope.event", "Event"),
    summary = ProtoField.string("pipescope.summary", "Summary"),
    text = ProtoField.string("pipescope.text", "Text"),
}
pipescope.fields = {
    fields.stream, fields.dir, fields.kind, fields.method, fields.id, fields.content_length,
    fields.event, fields.summary, fields.text,
}

local interface_name = Field.new("frame.interface_name")
local interface_id = Field.new("frame.interface_id")
local json = Dissector.get("json")

-- The interfaces pipescope writes, in order (docs/session-format.md).
local streams_by_id = { [0] = "stdin", [1] = "stdout", [2] = "stderr", [3] = "events" }

local function stream_of()
    local name = interface_name()
    if name then
        return tostring(name.value)
    end
    local id = interface_id()
    return id and streams_by_id[id.value] or "unknown"
end

-- Text for the Info column: control characters escaped, at most 80 characters.
local function escaped(text)
    text = text:gsub("\r", "\\r"):gsub("\n", "\\n"):gsub("\t", "\\t")
    text = text:gsub("[%z\1-\31\127]", function(c)
        return string.format("\\x%02x", c:byte())
    end)
    if #text > 80 then
        text = text:sub(1, 77) .. "..."
    end
    return text
end

-- The first value of a top-level JSON member, as written (strings without their quotes); a
-- pattern match, good enough for a summary: the tree below comes from the JSON dissector.
local function member(body, name)
    local string_value = body:match('"' .. name .. '"%s*:%s*"([^"]*)"')
    if string_value then
        return string_value
    end
    return body:match('"' .. name .. '"%s*:%s*([%-%d%.]+)')
end

local function has_member(body, name)
    return body:find('"' .. name .. '"%s*:') ~= nil
end

-- What a JSON-RPC or DAP body is: kind, method (or DAP command/event) and id.
local function describe_rpc(body)
    local method = member(body, "method")
    local id = member(body, "id")
    if not method and not id then -- DAP
        local dap_type = member(body, "type")
        method = member(body, "command") or member(body, "event")
        id = member(body, "seq")
        if dap_type == "event" then
            return "notification", method, id
        end
        if dap_type then
            return dap_type, method, id
        end
        return nil
    end
    if method and id then
        return "request", method, id
    elseif method then
        return "notification", method, nil
    elseif has_member(body, "error") then
        return "error", nil, id
    end
    return "response", nil, id
end

-- Requests seen so far, by the stream that sent them and their id: a response shows its
-- request's method. Filled as the file is read in order (tshark's single pass, Wireshark's first).
local requests = { stdin = {}, stdout = {} }

local function remember_or_recall(stream, kind, method, id)
    if not id then
        return method
    end
    if kind == "request" then
        requests[stream] = requests[stream] or {}
        requests[stream][id] = method
        return method
    end
    if kind == "response" or kind == "error" then
        local other = stream == "stdin" and "stdout" or "stdin"
        return method or (requests[other] and requests[other][id])
    end
    return method
end

-- Each message of a read: "Content-Length: N\r\n\r\n{...}" (LSP, DAP), or one JSON value per
-- line (MCP's NDJSON). Returns the summaries it found.
local function dissect_messages(tvb, pinfo, tree, bytes, stream)
    local summaries = {}
    local position = 1
    while position <= #bytes do
        local header_end = bytes:find("\r\n\r\n", position, true)
        local length = bytes:sub(position, header_end or position):match("^Content%-Length:%s*(%d+)")
        local body_start, body_end
        if header_end and length then
            body_start = header_end + 4
            body_end = math.min(#bytes, body_start + tonumber(length) - 1)
        elseif bytes:sub(position, position) == "{" or bytes:sub(position, position) == "[" then
            body_start = position
            body_end = (bytes:find("\n", position, true) or (#bytes + 1)) - 1
        else
            break
        end
        local body = bytes:sub(body_start, body_end)
        local kind, method, id = describe_rpc(body)
        if kind then
            method = remember_or_recall(stream, kind, method, id)
        end
        local subtree = tree:add(pipescope, tvb(position - 1, body_end - position + 1),
                                 "Message")
        if length then
            subtree:add(fields.content_length, tonumber(length))
        end
        if kind then
            subtree:add(fields.kind, kind)
            if method then subtree:add(fields.method, method) end
            if id then subtree:add(fields.id, id) end
            local summary = kind .. (method and (" " .. method) or "") .. (id and (" #" .. id) or "")
            subtree:add(fields.summary, summary)
            subtree:append_text(": " .. summary)
            summaries[#summaries + 1] = summary
        end
        if body_end >= body_start then
            json:call(tvb(body_start - 1, body_end - body_start + 1):tvb(), pinfo, subtree)
        end
        position = body_end + 1
        while bytes:sub(position, position):match("[\r\n]") do
            position = position + 1
        end
    end
    return summaries
end

function pipescope.dissector(tvb, pinfo, tree)
    pinfo.cols.protocol = "pipescope"
    local stream = stream_of()
    local root = tree:add(pipescope, tvb(), "pipescope " .. stream)
    root:add(fields.stream, stream)
    if stream == "stdin" then
        root:add(fields.dir, "c2s")
    elseif stream == "stdout" or stream == "stderr" then
        root:add(fields.dir, "s2c")
    end
    local bytes = tvb:len() > 0 and tvb():raw() or ""

    if stream == "events" then
        local event = bytes:match('"event"%s*:%s*"([^"]*)"') or "event"
        root:add(fields.event, event)
        if tvb:len() > 0 then
            json:call(tvb, pinfo, root)
        end
        pinfo.cols.info = "event " .. event -- after the JSON dissector, which adds its name
        return
    end

    local arrow = stream == "stdin" and "→ " or "← "
    local summaries = {}
    if stream ~= "stderr" then
        summaries = dissect_messages(tvb, pinfo, root, bytes, stream)
    end
    if #summaries > 0 then
        pinfo.cols.info = arrow .. stream .. " " .. table.concat(summaries, ", ")
    else
        root:add(fields.text, escaped(bytes))
        pinfo.cols.info = arrow .. stream .. " " .. escaped(bytes)
    end
end

DissectorTable.get("wtap_encap"):add(wtap.USER0, pipescope)
