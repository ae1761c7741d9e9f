#include "intercept/interception.h"

#include "intercept/trafficinterceptor.h"
#include "relay/proxysession.h"

Interception::Interception(const FramingChoice &framing, const QList<Breakpoint> &breakpoints,
                           QObject *parent)
    : QObject(parent)
    , m_framing(framing)
    , m_breakpoints(breakpoints)
{
    qRegisterMetaType<HeldMessage>();
}

TrafficHandlerFactory Interception::factory()
{
    return [this, rules = m_rules, framing = m_framing, breakpoints = m_breakpoints](
               TrafficOutput *output, qsizetype boundBytes) -> std::unique_ptr<TrafficHandler> {
        auto interceptor = std::make_unique<TrafficInterceptor>(rules, framing, output, boundBytes);
        interceptor->setBreakpoints(breakpoints);
        // Made in the relay thread: the reports cross to this one, queued.
        connect(interceptor.get(), &TrafficInterceptor::held, this,
                [this](const HeldMessage &message) {
                    m_held.append(message);
                    emit heldChanged();
                });
        connect(interceptor.get(), &TrafficInterceptor::released, this, [this](qint64 heldId) {
            m_held.removeIf([heldId](const HeldMessage &held) { return held.id == heldId; });
            emit heldChanged();
        });
        return interceptor;
    };
}

void Interception::call(const std::function<void(TrafficInterceptor &)> &what)
{
    if (m_session) {
        // The factory made it: a TrafficInterceptor.
        m_session->callTrafficHandler(
            [what](TrafficHandler &handler) { what(static_cast<TrafficInterceptor &>(handler)); });
    }
}

void Interception::setRules(const QList<InterceptRule> &rules, const QByteArray &json)
{
    m_rules = rules;
    m_rulesJson = json;
    call([rules](TrafficInterceptor &interceptor) { interceptor.setRules(rules); });
}

void Interception::setBreakpoints(const QList<Breakpoint> &breakpoints)
{
    m_breakpoints = breakpoints;
    call([breakpoints](TrafficInterceptor &interceptor) {
        interceptor.setBreakpoints(breakpoints);
    });
}

void Interception::release(qint64 heldId, const HeldRelease &how)
{
    call([heldId, how](TrafficInterceptor &interceptor) { interceptor.release(heldId, how); });
}

void Interception::inject(Stream towards, const QByteArray &body, bool raw)
{
    call([towards, body, raw](TrafficInterceptor &interceptor) {
        interceptor.inject(towards, body,
                           raw ? TrafficInterceptor::Injected::Raw
                               : TrafficInterceptor::Injected::Message);
    });
}

void Interception::releaseAll()
{
    call([](TrafficInterceptor &interceptor) { interceptor.releaseAll(); });
}
