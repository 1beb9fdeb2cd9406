<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>About</name>
    <message>
        <source>&lt;h3&gt;SGD Lab {0}&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;SGD Lab {0}&lt;/h3&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;A simulator that teaches mini-batch gradient descent by running it: epochs, batch size, iterations and what optimizer.step() does.&lt;/p&gt;</source>
        <translation>&lt;p&gt;一个通过实际运行来讲解小批量梯度下降的模拟器：周期、批大小、迭代，以及 optimizer.step() 做了什么。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;SGD Lab is released under the MIT licence. It is built on:&lt;/p&gt;</source>
        <translation>&lt;p&gt;SGD Lab 以 MIT 许可证发布。它基于：&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Qt and Qt for Python (PySide6): LGPLv3</source>
        <translation>Qt 与 Qt for Python（PySide6）：LGPLv3</translation>
    </message>
    <message>
        <source>pyqtgraph: MIT licence</source>
        <translation>pyqtgraph：MIT 许可证</translation>
    </message>
    <message>
        <source>PyTorch: BSD 3-Clause licence</source>
        <translation>PyTorch：BSD 3-Clause 许可证</translation>
    </message>
    <message>
        <source>NumPy: BSD 3-Clause licence</source>
        <translation>NumPy：BSD 3-Clause 许可证</translation>
    </message>
    <message>
        <source>&lt;p&gt;The 8×8 handwritten digits: E. Alpaydin and C. Kaynak, “Optical Recognition of Handwritten Digits”, UCI Machine Learning Repository, 1998 (CC BY 4.0), in the copy shipped by scikit-learn (BSD 3-Clause licence). Details: resources/data/README.md.&lt;/p&gt;</source>
        <translation>&lt;p&gt;8×8 手写数字数据：E. Alpaydin 与 C. Kaynak，“Optical Recognition of Handwritten Digits”，UCI 机器学习数据库，1998（CC BY 4.0），取自 scikit-learn 附带的副本（BSD 3-Clause 许可证）。详见 resources/data/README.md。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>AccuracyPlot</name>
    <message>
        <source>Validation accuracy</source>
        <translation>验证准确率</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>周期</translation>
    </message>
    <message>
        <source>accuracy (%)</source>
        <translation>准确率（%）</translation>
    </message>
    <message>
        <source>regression: no accuracy</source>
        <translation>回归：没有准确率</translation>
    </message>
</context>
<context>
    <name>ControlsPanel</name>
    <message>
        <source>Data and model</source>
        <translation>数据与模型</translation>
    </message>
    <message>
        <source>Epochs and mini-batches</source>
        <translation>周期与小批量</translation>
    </message>
    <message>
        <source>optimizer.step()</source>
        <translation>optimizer.step()</translation>
    </message>
    <message>
        <source>MNIST-sized: 28×28 pixels, 10 classes</source>
        <translation>MNIST 规模：28×28 像素，10 个类别</translation>
    </message>
    <message>
        <source>Handwritten digits 8×8 (real data)</source>
        <translation>手写数字 8×8（真实数据）</translation>
    </message>
    <message>
        <source>Two moons (2-D, 2 classes)</source>
        <translation>双月形（二维，2 个类别）</translation>
    </message>
    <message>
        <source>Spirals (2-D, 3 classes)</source>
        <translation>螺旋（二维，3 个类别）</translation>
    </message>
    <message>
        <source>Line y = 2x − 1 (regression: w, b)</source>
        <translation>直线 y = 2x − 1（回归：w, b）</translation>
    </message>
    <message>
        <source>Softmax regression (W, b)</source>
        <translation>Softmax 回归（W, b）</translation>
    </message>
    <message>
        <source>Linear regression (w, b)</source>
        <translation>线性回归（w, b）</translation>
    </message>
    <message>
        <source>MLP, one hidden layer</source>
        <translation>MLP，一个隐藏层</translation>
    </message>
    <message>
        <source>torch.optim.SGD</source>
        <translation>torch.optim.SGD</translation>
    </message>
    <message>
        <source>Seed form: v ← β·v − α·g; θ ← θ + v</source>
        <translation>文章的形式：v ← β·v − α·g; θ ← θ + v</translation>
    </message>
    <message>
        <source>Adam (β is its β₁), for comparison</source>
        <translation>Adam（β 即其 β₁），用于比较</translation>
    </message>
    <message>
        <source>RMSprop (β is its momentum), for comparison</source>
        <translation>RMSprop（β 即其动量），用于比较</translation>
    </message>
    <message>
        <source>Adagrad (no momentum), for comparison</source>
        <translation>Adagrad（无动量），用于比较</translation>
    </message>
    <message>
        <source>Constant α</source>
        <translation>恒定 α</translation>
    </message>
    <message>
        <source>Step decay: ×0.1 at ½ and ¾ of the run</source>
        <translation>阶梯衰减：在训练的 ½ 和 ¾ 处 ×0.1</translation>
    </message>
    <message>
        <source>Cosine: from α down to 0</source>
        <translation>余弦：从 α 降到 0</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Auto (CUDA if available)</source>
        <translation>自动（有 CUDA 时用 CUDA）</translation>
    </message>
    <message>
        <source>CUDA GPU</source>
        <translation>CUDA GPU</translation>
    </message>
    <message>
        <source>&amp;Dataset</source>
        <translation>数据集(&amp;D)</translation>
    </message>
    <message>
        <source>The training data</source>
        <translation>训练数据</translation>
    </message>
    <message>
        <source>Training &amp;samples N</source>
        <translation>训练样本数 N(&amp;S)</translation>
    </message>
    <message>
        <source>Size of the training set; the validation set is separate (N/6; digits: 360)</source>
        <translation>训练集的大小；验证集是单独的（N/6；手写数字：360）</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <source>What the optimizer trains</source>
        <translation>优化器训练的模型</translation>
    </message>
    <message>
        <source>&amp;Hidden width</source>
        <translation>隐藏层宽度(&amp;H)</translation>
    </message>
    <message>
        <source>Neurons in the MLP&apos;s hidden layer</source>
        <translation>MLP 隐藏层的神经元个数</translation>
    </message>
    <message>
        <source>S&amp;eed</source>
        <translation>随机种子(&amp;E)</translation>
    </message>
    <message>
        <source>Same seed and settings: the same data, initial weights, shuffling and loss curve</source>
        <translation>相同的种子和设置：相同的数据、初始权重、打乱顺序和损失曲线</translation>
    </message>
    <message>
        <source>&amp;Epochs</source>
        <translation>周期数(&amp;E)</translation>
    </message>
    <message>
        <source>One epoch: the model has seen the whole training set once</source>
        <translation>一个周期：模型把整个训练集完整地看了一遍</translation>
    </message>
    <message>
        <source>&amp;Batch size B</source>
        <translation>批大小 B(&amp;B)</translation>
    </message>
    <message>
        <source>Samples per optimizer.step(): the gradient is averaged over this many</source>
        <translation>每次 optimizer.step() 使用的样本数：梯度是这些样本的平均</translation>
    </message>
    <message>
        <source>&amp;Optimizer</source>
        <translation>优化器(&amp;O)</translation>
    </message>
    <message>
        <source>Both give the same iterates under a constant learning rate</source>
        <translation>学习率不变时，两者给出相同的迭代结果</translation>
    </message>
    <message>
        <source>&amp;Learning rate α</source>
        <translation>学习率 α(&amp;L)</translation>
    </message>
    <message>
        <source>Step size: W ← W − α·∂L/∂W</source>
        <translation>步长：W ← W − α·∂L/∂W</translation>
    </message>
    <message>
        <source>Mo&amp;mentum β</source>
        <translation>动量 β(&amp;M)</translation>
    </message>
    <message>
        <source>v ← β·v − α·g; θ ← θ + v. β = 0 is plain SGD; 0.9 is usual</source>
        <translation>v ← β·v − α·g; θ ← θ + v。β = 0 即普通 SGD；通常取 0.9</translation>
    </message>
    <message>
        <source>Dampening τ</source>
        <translation>阻尼 τ</translation>
    </message>
    <message>
        <source>b ← β·b + (1 − τ)·g</source>
        <translation>b ← β·b + (1 − τ)·g</translation>
    </message>
    <message>
        <source>Weight decay λ</source>
        <translation>权重衰减 λ</translation>
    </message>
    <message>
        <source>g ← ∂L/∂θ + λ·θ</source>
        <translation>g ← ∂L/∂θ + λ·θ</translation>
    </message>
    <message>
        <source>LR sc&amp;hedule</source>
        <translation>学习率调度(&amp;H)</translation>
    </message>
    <message>
        <source>How α changes during the run (torch.optim.lr_scheduler, stepped after every optimizer.step())</source>
        <translation>训练中 α 如何变化（torch.optim.lr_scheduler，每次 optimizer.step() 之后更新）</translation>
    </message>
    <message>
        <source>De&amp;vice</source>
        <translation>设备(&amp;V)</translation>
    </message>
    <message>
        <source>Where the tensors live</source>
        <translation>张量所在的设备</translation>
    </message>
    <message>
        <source>Powers of two: 1, 2, 4, … (the spin box takes any size)</source>
        <translation>2 的幂：1、2、4、……（数字框可以输入任意大小）</translation>
    </message>
    <message>
        <source>Log scale: 0.00001 … 10</source>
        <translation>对数刻度：0.00001 … 10</translation>
    </message>
    <message>
        <source>Shuffle every epoch</source>
        <translation>每个周期打乱顺序</translation>
    </message>
    <message>
        <source>Drop the last partial batch</source>
        <translation>丢弃最后不完整的批</translation>
    </message>
    <message>
        <source>Nesterov momentum</source>
        <translation>Nesterov 动量</translation>
    </message>
    <message>
        <source>Skip zero_grad() — a demonstration</source>
        <translation>跳过 zero_grad() —— 演示</translation>
    </message>
    <message>
        <source>Without optimizer.zero_grad(), loss.backward() adds each batch&apos;s gradient to all the earlier ones: the steps grow and training goes wrong, as the article warns.</source>
        <translation>不调用 optimizer.zero_grad() 时，loss.backward() 会把每个批的梯度累加到之前所有的梯度上：步子越来越大，训练出错，正如文章所警告的。</translation>
    </message>
    <message>
        <source>During a run, α and β apply from the next step, the way a scheduler would; the other settings apply to the next run.</source>
        <translation>训练中修改的 α 和 β 从下一步起生效，就像学习率调度器一样；其他设置在下一次训练时生效。</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>周期</translation>
    </message>
    <message>
        <source>batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>iterations per epoch</source>
        <translation>每个周期的迭代次数</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <source>zero_grad()</source>
        <translation>zero_grad()</translation>
    </message>
    <message>
        <source>Help: {0} (press F1 here, or click ?)</source>
        <translation>帮助：{0}（在这里按 F1，或点击 ?）</translation>
    </message>
    <message>
        <source>The batch size must not exceed the training-set size N.</source>
        <translation>批大小不能超过训练集大小 N。</translation>
    </message>
    <message>
        <source>⌊{0} / {1}⌋ = &lt;b&gt;{2}&lt;/b&gt; iterations per epoch</source>
        <translation>⌊{0} / {1}⌋ = 每个周期 &lt;b&gt;{2}&lt;/b&gt; 次迭代</translation>
    </message>
    <message>
        <source>({0} samples left out each epoch)</source>
        <translation>（每个周期丢弃 {0} 个样本）</translation>
    </message>
    <message>
        <source>⌈{0} / {1}⌉ = &lt;b&gt;{2}&lt;/b&gt; iterations per epoch</source>
        <translation>⌈{0} / {1}⌉ = 每个周期 &lt;b&gt;{2}&lt;/b&gt; 次迭代</translation>
    </message>
    <message>
        <source>(last batch: {0} samples)</source>
        <translation>（最后一批：{0} 个样本）</translation>
    </message>
    <message>
        <source>(all batches full)</source>
        <translation>（所有批都是满的）</translation>
    </message>
    <message>
        <source>1 epoch</source>
        <translation>1 个周期</translation>
    </message>
    <message>
        <source>{0} epochs</source>
        <translation>{0} 个周期</translation>
    </message>
    <message>
        <source>{0} × {1} = &lt;b&gt;{2}&lt;/b&gt; optimizer.step() calls</source>
        <translation>{0} × {1} = &lt;b&gt;{2}&lt;/b&gt; 次 optimizer.step() 调用</translation>
    </message>
</context>
<context>
    <name>CoreMessages</name>
    <message>
        <source>completed {0} steps in {1} epochs</source>
        <translation>已完成：{1} 个周期共 {0} 步</translation>
    </message>
    <message>
        <source>stopped after {0} of {1} steps</source>
        <translation>已停止：完成了 {1} 步中的 {0} 步</translation>
    </message>
    <message>
        <source>diverged at step {0} ({1} = {2})</source>
        <translation>在第 {0} 步发散（{1} = {2}）</translation>
    </message>
    <message>
        <source>cuda was asked for, but no CUDA GPU is available; use cpu or auto</source>
        <translation>选择了 cuda，但没有可用的 CUDA GPU；请使用 CPU 或自动</translation>
    </message>
    <message>
        <source>follows the {0} schedule; only a constant α can change</source>
        <translation>由{0}调度决定；只有恒定的 α 才能修改</translation>
    </message>
    <message>
        <source>{0}&apos;s β cannot change mid-run</source>
        <translation>{0} 的 β 不能在训练中修改</translation>
    </message>
    <message>
        <source>must be a whole number (got {0})</source>
        <translation>必须是整数（当前为 {0}）</translation>
    </message>
    <message>
        <source>must be a number (got {0})</source>
        <translation>必须是数字（当前为 {0}）</translation>
    </message>
    <message>
        <source>must be a finite number (got {0})</source>
        <translation>必须是有限的数（当前为 {0}）</translation>
    </message>
    <message>
        <source>must be true or false (got {0})</source>
        <translation>必须是 true 或 false（当前为 {0}）</translation>
    </message>
    <message>
        <source>must be text (got {0})</source>
        <translation>必须是文本（当前为 {0}）</translation>
    </message>
    <message>
        <source>must be in {0} (got {3})</source>
        <translation>必须在 {0} 之内（当前为 {3}）</translation>
    </message>
    <message>
        <source>must be in [0, 1) (got {0})</source>
        <translation>必须在 [0, 1) 之内（当前为 {0}）</translation>
    </message>
    <message>
        <source>must be at most {0} for {1} (got {2})</source>
        <translation>对 {1} 最多为 {0}（当前为 {2}）</translation>
    </message>
    <message>
        <source>must be at most {0} (got {1})</source>
        <translation>最多为 {0}（当前为 {1}）</translation>
    </message>
    <message>
        <source>must be one of {0} (got {1})</source>
        <translation>必须是 {0} 之一（当前为 {1}）</translation>
    </message>
    <message>
        <source>softmax needs a classification dataset; {0} is regression</source>
        <translation>softmax 需要分类数据集；{0} 是回归数据</translation>
    </message>
    <message>
        <source>linear regression needs a regression dataset; {0} is classification</source>
        <translation>线性回归需要回归数据集；{0} 是分类数据</translation>
    </message>
    <message>
        <source>must be between 1 and the training-set size {0} (got {1})</source>
        <translation>必须在 1 和训练集大小 {0} 之间（当前为 {1}）</translation>
    </message>
    <message>
        <source>is an option of SGD, not of {0}</source>
        <translation>是 SGD 的选项，{0} 没有</translation>
    </message>
    <message>
        <source>needs momentum &gt; 0</source>
        <translation>需要动量 &gt; 0</translation>
    </message>
    <message>
        <source>needs dampening = 0</source>
        <translation>需要阻尼 = 0</translation>
    </message>
    <message>
        <source>must be a JSON object of option names to values</source>
        <translation>必须是从选项名到取值的 JSON 对象</translation>
    </message>
    <message>
        <source>is not a known option (known: {0})</source>
        <translation>不是已知的选项（已知：{0}）</translation>
    </message>
    <message>
        <source>{0} is larger than 1 MB; not a config file</source>
        <translation>{0} 大于 1 MB；不是配置文件</translation>
    </message>
    <message>
        <source>{0} does not exist</source>
        <translation>{0} 不存在</translation>
    </message>
    <message>
        <source>cannot read {0}: {1}</source>
        <translation>无法读取 {0}：{1}</translation>
    </message>
    <message>
        <source>{0} is not valid JSON (line {1}, column {2}: {3})</source>
        <translation>{0} 不是有效的 JSON（第 {1} 行，第 {2} 列：{3}）</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>gradient norm</source>
        <translation>梯度范数</translation>
    </message>
    <message>
        <source>validation loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <source>constant</source>
        <translation>恒定</translation>
    </message>
    <message>
        <source>step</source>
        <translation>阶梯</translation>
    </message>
    <message>
        <source>cosine</source>
        <translation>余弦</translation>
    </message>
</context>
<context>
    <name>EpochPlot</name>
    <message>
        <source>Loss per epoch</source>
        <translation>每个周期的损失</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>周期</translation>
    </message>
    <message>
        <source>training loss (epoch mean)</source>
        <translation>训练损失（周期平均）</translation>
    </message>
    <message>
        <source>validation loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <source>cross-entropy</source>
        <translation>交叉熵</translation>
    </message>
    <message>
        <source>MSE</source>
        <translation>均方误差</translation>
    </message>
    <message>
        <source>loss ({0})</source>
        <translation>损失（{0}）</translation>
    </message>
</context>
<context>
    <name>FormsComparison</name>
    <message>
        <source>PyTorch: &lt;b&gt;b ← β·b + g; θ ← θ − α·b&lt;/b&gt;. The article: &lt;b&gt;v ← β·v − α·g; θ ← θ + v&lt;/b&gt;. With a constant α the two give the same iterates and the curves lie on each other. When α changes (a schedule), PyTorch multiplies the whole accumulated b by the new α, while the article&apos;s v keeps each past gradient at the α it was taken with: from the first change on, the curves part. Run → Compare momentum forms trains the current settings both ways.</source>
        <translation>PyTorch：&lt;b&gt;b ← β·b + g; θ ← θ − α·b&lt;/b&gt;。文章：&lt;b&gt;v ← β·v − α·g; θ ← θ + v&lt;/b&gt;。学习率 α 不变时两者给出相同的迭代结果，两条曲线重合。当 α 改变时（学习率调度），PyTorch 用新的 α 乘以整个累积的 b，而文章的 v 中每个过去的梯度保留它当时的 α：从第一次改变起，两条曲线分开。“运行 → 比较两种动量形式”用当前设置按两种方式各训练一次。</translation>
    </message>
    <message>
        <source>loss (smoothed)</source>
        <translation>损失（平滑）</translation>
    </message>
    <message>
        <source>optimizer.step()</source>
        <translation>optimizer.step()</translation>
    </message>
    <message>
        <source>PyTorch SGD (b)</source>
        <translation>PyTorch SGD（b）</translation>
    </message>
    <message>
        <source>the article&apos;s form (v)</source>
        <translation>文章的形式（v）</translation>
    </message>
    <message>
        <source>parameter value</source>
        <translation>参数值</translation>
    </message>
    <message>
        <source>value of {0}</source>
        <translation>{0} 的值</translation>
    </message>
    <message>
        <source>&lt;b&gt;Same iterates&lt;/b&gt; over all {0} steps (largest difference {1:.1e}) with the {2} schedule.</source>
        <translation>在{2}调度下，全部 {0} 步&lt;b&gt;迭代结果相同&lt;/b&gt;（最大差值 {1:.1e}）。</translation>
    </message>
    <message>
        <source>&lt;b&gt;The forms part at step {0}&lt;/b&gt; (the {1} schedule changed α); by the end the difference in this entry is {2:.3g}.</source>
        <translation>&lt;b&gt;两种形式在第 {0} 步分开&lt;/b&gt;（{1}调度改变了 α）；到最后，这一项的差值为 {2:.3g}。</translation>
    </message>
</context>
<context>
    <name>IterationCounter</name>
    <message>
        <source>this epoch</source>
        <translation>本周期</translation>
    </message>
    <message>
        <source>whole run</source>
        <translation>整个训练</translation>
    </message>
    <message>
        <source>Epoch {0}/{1}</source>
        <translation>周期 {0}/{1}</translation>
    </message>
    <message>
        <source>Iteration {0}/{1}</source>
        <translation>迭代 {0}/{1}</translation>
    </message>
    <message>
        <source>step {0}/{1}</source>
        <translation>第 {0}/{1} 步</translation>
    </message>
    <message>
        <source>{0} it/s</source>
        <translation>{0} 次迭代/秒</translation>
    </message>
    <message>
        <source>took {0}</source>
        <translation>用时 {0}</translation>
    </message>
    <message>
        <source>ETA {0}</source>
        <translation>剩余 {0}</translation>
    </message>
</context>
<context>
    <name>LandscapePanel</name>
    <message>
        <source>The map is the full training loss L(w, b) of ŷ = w·x + b: each contour has twice the excess loss of the one inside it, and ★ is the minimum. Every dot is one optimizer.step(). Above α = 1/λ_max plain SGD overshoots across the narrow valley and zig-zags; momentum β damps the zig-zag and keeps rolling along the valley floor, and a small batch adds noise around the full-batch path.</source>
        <translation>图中是 ŷ = w·x + b 在整个训练集上的损失 L(w, b)：每条等高线的超额损失是它内侧那条的两倍，★ 是最小值。每个点是一次 optimizer.step()。α 超过 1/λ_max 时，普通 SGD 在狭窄的山谷两侧冲过头、来回震荡；动量 β 抑制震荡，沿谷底继续滚动；小批大小则在全批量路径周围加上噪声。</translation>
    </message>
    <message>
        <source>w (weight)</source>
        <translation>w（权重）</translation>
    </message>
    <message>
        <source>b (bias)</source>
        <translation>b（偏置）</translation>
    </message>
    <message>
        <source>Clear paths</source>
        <translation>清除路径</translation>
    </message>
    <message>
        <source>Remove the paths of the current and earlier runs</source>
        <translation>清除当前和之前各次训练的路径</translation>
    </message>
    <message>
        <source>current run</source>
        <translation>当前训练</translation>
    </message>
    <message>
        <source>minimum (w*, b*) = ({0:.3g}, {1:.3g})</source>
        <translation>最小值 (w*, b*) = ({0:.3g}, {1:.3g})</translation>
    </message>
    <message>
        <source>start ({0:.3g}, {1:.3g})</source>
        <translation>起点 ({0:.3g}, {1:.3g})</translation>
    </message>
    <message>
        <source>λ_max of the Hessian: — (no data yet)</source>
        <translation>Hessian 的 λ_max：—（还没有数据）</translation>
    </message>
    <message>
        <source>Hessian eigenvalues λ_max&#xa0;=&#xa0;{0:.4g}, λ_min&#xa0;=&#xa0;{1:.4g}; 1/λ_max&#xa0;=&#xa0;{2:.4g}. Full-batch steps converge only when α&#xa0;&lt;&#xa0;(2&#xa0;+&#xa0;2β)/λ_max&#xa0;=&#xa0;{3:.4g} for β&#xa0;=&#xa0;{4:.3g}; your α&#xa0;=&#xa0;{5:.4g} is {6:.0%} of it.</source>
        <translation>Hessian 特征值 λ_max&#xa0;=&#xa0;{0:.4g}，λ_min&#xa0;=&#xa0;{1:.4g}；1/λ_max&#xa0;=&#xa0;{2:.4g}。β&#xa0;=&#xa0;{4:.3g} 时，全批量更新只有在 α&#xa0;&lt;&#xa0;(2&#xa0;+&#xa0;2β)/λ_max&#xa0;=&#xa0;{3:.4g} 时才收敛；你的 α&#xa0;=&#xa0;{5:.4g} 是它的 {6:.0%}。</translation>
    </message>
    <message>
        <source>⚠ α = {0:.4g} is past the critical learning rate {1:.4g}: each full-batch step overshoots further than the last and the run diverges. Lower α (or raise β).</source>
        <translation>⚠ α = {0:.4g} 超过了临界学习率 {1:.4g}：每次全批量更新都比上一次冲得更远，训练发散。请减小 α（或增大 β）。</translation>
    </message>
    <message>
        <source>The landscape map needs the two-parameter model: choose dataset ‘Line y = 2x − 1’ and model ‘Linear regression’.</source>
        <translation>损失曲面图需要两参数模型：请选择数据集“直线 y = 2x − 1”和模型“线性回归”。</translation>
    </message>
    <message>
        <source>w = {0:.3f}, b = {1:.3f}: loss L = {2:.4g}</source>
        <translation>w = {0:.3f}，b = {1:.3f}：损失 L = {2:.4g}</translation>
    </message>
</context>
<context>
    <name>LossPlot</name>
    <message>
        <source>Mini-batch loss at every optimizer.step()</source>
        <translation>每次 optimizer.step() 的小批量损失</translation>
    </message>
    <message>
        <source>mini-batch loss</source>
        <translation>小批量损失</translation>
    </message>
    <message>
        <source>smoothed (EMA)</source>
        <translation>平滑（指数移动平均）</translation>
    </message>
    <message>
        <source>learning rate α (right axis)</source>
        <translation>学习率 α（右侧坐标轴）</translation>
    </message>
    <message>
        <source>learning rate α</source>
        <translation>学习率 α</translation>
    </message>
    <message>
        <source>epoch {0}</source>
        <translation>周期 {0}</translation>
    </message>
    <message>
        <source>cross-entropy, nats</source>
        <translation>交叉熵，奈特</translation>
    </message>
    <message>
        <source>mean squared error</source>
        <translation>均方误差</translation>
    </message>
    <message>
        <source>loss ({0})</source>
        <translation>损失（{0}）</translation>
    </message>
    <message>
        <source>epoch (fractional: step / iterations per epoch)</source>
        <translation>周期（小数：步数 / 每个周期的迭代次数）</translation>
    </message>
    <message>
        <source>optimizer.step() (global step)</source>
        <translation>optimizer.step()（总步数）</translation>
    </message>
    <message>
        <source>step {0:,} · epoch {1}, iteration {2}/{3} · loss {4:.4g} · smoothed {5:.4g}</source>
        <translation>第 {0:,} 步 · 周期 {1}，迭代 {2}/{3} · 损失 {4:.4g} · 平滑 {5:.4g}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Ready. Set the hyperparameters and press Start (F5), or Step (F10).</source>
        <translation>就绪。设置超参数，然后按“开始”（F5）或“单步”（F10）。</translation>
    </message>
    <message>
        <source>SGD Lab — mini-batch gradient descent, step by step</source>
        <translation>SGD Lab —— 小批量梯度下降，一步一步看</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Step inspector: what optimizer.step() did</source>
        <translation>单步检查器：optimizer.step() 做了什么</translation>
    </message>
    <message>
        <source>Loss landscape</source>
        <translation>损失曲面</translation>
    </message>
    <message>
        <source>Momentum forms</source>
        <translation>两种动量形式</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>帮助</translation>
    </message>
    <message>
        <source>S&amp;tep</source>
        <translation>单步(&amp;T)</translation>
    </message>
    <message>
        <source>St&amp;op</source>
        <translation>停止(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Reset</source>
        <translation>重置(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>开始(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Compare momentum forms</source>
        <translation>比较两种动量形式(&amp;C)</translation>
    </message>
    <message>
        <source>Train with these settings</source>
        <translation>用这些设置训练</translation>
    </message>
    <message>
        <source>Pause or resume between batches</source>
        <translation>在两个批之间暂停或继续</translation>
    </message>
    <message>
        <source>Exactly one optimizer.step(), then pause</source>
        <translation>只执行一次 optimizer.step()，然后暂停</translation>
    </message>
    <message>
        <source>End the run; its history is kept</source>
        <translation>结束训练；保留其记录</translation>
    </message>
    <message>
        <source>Clear the plots and the counter</source>
        <translation>清空曲线和计数器</translation>
    </message>
    <message>
        <source>x axis:</source>
        <translation>横轴：</translation>
    </message>
    <message>
        <source>optimizer step</source>
        <translation>优化步</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>周期</translation>
    </message>
    <message>
        <source>log-scale loss</source>
        <translation>损失取对数刻度</translation>
    </message>
    <message>
        <source>smoothing:</source>
        <translation>平滑：</translation>
    </message>
    <message>
        <source>Bias-corrected exponential moving average, as TensorBoard draws it: s ← w·s + (1 − w)·loss</source>
        <translation>带偏差校正的指数移动平均，与 TensorBoard 的画法相同：s ← w·s + (1 − w)·损失</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>SGD Lab &amp;help</source>
        <translation>SGD Lab 帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About SGD Lab</source>
        <translation>关于 SGD Lab(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 Qt(&amp;Q)</translation>
    </message>
    <message>
        <source>Cannot start: {0}</source>
        <translation>无法开始：{0}</translation>
    </message>
    <message>
        <source>α = {0:g}, β = {1:g}, batch {2}</source>
        <translation>α = {0:g}，β = {1:g}，批大小 {2}</translation>
    </message>
    <message>
        <source>Preparing the data and the model…</source>
        <translation>正在准备数据和模型……</translation>
    </message>
    <message>
        <source>Pausing before the next batch…</source>
        <translation>将在下一个批之前暂停……</translation>
    </message>
    <message>
        <source>Training…</source>
        <translation>训练中……</translation>
    </message>
    <message>
        <source>Taking one optimizer.step()…</source>
        <translation>正在执行一次 optimizer.step()……</translation>
    </message>
    <message>
        <source>Stopping after the current batch…</source>
        <translation>将在当前批之后停止……</translation>
    </message>
    <message>
        <source>Ready.</source>
        <translation>就绪。</translation>
    </message>
    <message>
        <source>Training {0} on {1}: {2} training samples, batch {3}, on {4}</source>
        <translation>在 {1} 上训练 {0}：{2} 个训练样本，批大小 {3}，设备 {4}</translation>
    </message>
    <message>
        <source>Paused after step {0}. Step (F10) takes one optimizer.step(); Resume (F6) goes on.</source>
        <translation>在第 {0} 步后暂停。“单步”（F10）执行一次 optimizer.step()；“继续”（F6）接着训练。</translation>
    </message>
    <message>
        <source>{0} on {1}, after {2} steps</source>
        <translation>{1} 上的 {0}，训练了 {2} 步</translation>
    </message>
    <message>
        <source>{0}. The loss left the range of floating-point numbers; the plots keep the finite steps. Try a smaller learning rate α.</source>
        <translation>{0}。损失超出了浮点数的范围；曲线保留有限值的各步。请尝试更小的学习率 α。</translation>
    </message>
    <message>
        <source>The engine stopped with an error: {0}</source>
        <translation>训练引擎因错误而停止：{0}</translation>
    </message>
    <message>
        <source>Error: {0}</source>
        <translation>错误：{0}</translation>
    </message>
    <message>
        <source>Compared PyTorch&apos;s SGD and the article&apos;s form: same seed, {0} schedule.</source>
        <translation>已比较 PyTorch 的 SGD 和文章的形式：相同的种子，{0}调度。</translation>
    </message>
    <message>
        <source>not applied: {0}</source>
        <translation>未生效：{0}</translation>
    </message>
    <message>
        <source>{0} = {1:g} from the next step on</source>
        <translation>从下一步起 {0} = {1:g}</translation>
    </message>
    <message>
        <source>past the stability bound (2 + 2β)/λ_max = {0:.4g}: full-batch steps diverge</source>
        <translation>超过稳定界限 (2 + 2β)/λ_max = {0:.4g}：全批量更新会发散</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>继续(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>About SGD Lab</source>
        <translation>关于 SGD Lab</translation>
    </message>
</context>
<context>
    <name>SlicePanel</name>
    <message>
        <source>Train a model first.</source>
        <translation>请先训练一个模型。</translation>
    </message>
    <message>
        <source>A model with many parameters has no map you can draw, but a slice of it you can: the loss at θ* + a·d₁ + b·d₂ around the trained weights θ*, along two random directions scaled to each row of W (filter-normalised, Li et al. 2018). A wide, flat basin around ★ is what SGD&apos;s noise tends to find. (The two-parameter model on ‘Line y = 2x − 1’ gets the exact map with the path of every step.)</source>
        <translation>参数很多的模型画不出完整的损失曲面，但可以画出它的一个切面：在训练好的权重 θ* 周围、沿两个按 W 的每一行缩放的随机方向（滤波器归一化，Li 等人 2018）的损失 θ* + a·d₁ + b·d₂。SGD 的噪声往往会找到 ★ 周围宽而平的盆地。（“直线 y = 2x − 1”上的两参数模型有精确的损失曲面和每一步的路径。）</translation>
    </message>
    <message>
        <source>Map the loss around the trained weights</source>
        <translation>绘制训练好的权重周围的损失</translation>
    </message>
    <message>
        <source>a (along d₁)</source>
        <translation>a（沿 d₁）</translation>
    </message>
    <message>
        <source>b (along d₂)</source>
        <translation>b（沿 d₂）</translation>
    </message>
    <message>
        <source>log₁₀ loss</source>
        <translation>log₁₀ 损失</translation>
    </message>
    <message>
        <source>Ready: {0}</source>
        <translation>就绪：{0}</translation>
    </message>
    <message>
        <source>Computing {0} × {0} losses on a worker thread…</source>
        <translation>正在工作线程上计算 {0} × {0} 个损失值……</translation>
    </message>
    <message>
        <source>Loss at ★ (the trained weights): {0:.4g}; from {1:.4g} to {2:.4g} on the slice.</source>
        <translation>★ 处（训练好的权重）的损失：{0:.4g}；切面上从 {1:.4g} 到 {2:.4g}。</translation>
    </message>
    <message>
        <source>The slice failed: {0}</source>
        <translation>切面计算失败：{0}</translation>
    </message>
</context>
<context>
    <name>StepInspector</name>
    <message>
        <source>Every &lt;b&gt;optimizer.step()&lt;/b&gt; moves each parameter by a rule. Pick one entry of W or b and read what the last step did to it — the gradient g from &lt;b&gt;loss.backward()&lt;/b&gt;, the momentum buffer, and the value before and after — in the article&apos;s form and in PyTorch&apos;s. Press Step (F10) to walk through a run update by update, or click a step on the loss plot.</source>
        <translation>每次 &lt;b&gt;optimizer.step()&lt;/b&gt; 都按一条规则移动每个参数。选择 W 或 b 中的一项，看看上一步对它做了什么——来自 &lt;b&gt;loss.backward()&lt;/b&gt; 的梯度 g、动量缓冲区，以及更新前后的值——分别用文章的形式和 PyTorch 的形式表示。按“单步”（F10）逐次查看每一次更新，或在损失曲线上点击某一步。</translation>
    </message>
    <message>
        <source>Entry:</source>
        <translation>参数项：</translation>
    </message>
    <message>
        <source>Follow the last step</source>
        <translation>跟随最新一步</translation>
    </message>
    <message>
        <source>&lt;i&gt;Waiting for the first optimizer.step()…&lt;/i&gt;</source>
        <translation>&lt;i&gt;等待第一次 optimizer.step()……&lt;/i&gt;</translation>
    </message>
    <message>
        <source>shape {0}</source>
        <translation>形状 {0}</translation>
    </message>
    <message>
        <source>a scalar</source>
        <translation>标量</translation>
    </message>
    <message>
        <source>recorded from step {0} on</source>
        <translation>从第 {0} 步起记录</translation>
    </message>
    <message>
        <source>recorded from the next step on</source>
        <translation>从下一步起记录</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;{0}&lt;/b&gt; was not watched at step {1} ({2}).&lt;/p&gt;</source>
        <translation>&lt;p&gt;第 {1} 步时没有记录 &lt;b&gt;{0}&lt;/b&gt;（{2}）。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Step {0:,}&lt;/b&gt; — epoch {1}, iteration {2}/{3} · mini-batch loss {4} · α = {5} · β = {6}&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;第 {0:,} 步&lt;/b&gt; —— 周期 {1}，迭代 {2}/{3} · 小批量损失 {4} · α = {5} · β = {6}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;g = ∂L/∂{0} = &lt;b&gt;{1}&lt;/b&gt;{2}&lt;/p&gt;</source>
        <translation>&lt;p&gt;g = ∂L/∂{0} = &lt;b&gt;{1}&lt;/b&gt;{2}&lt;/p&gt;</translation>
    </message>
    <message>
        <source> (with weight decay λ·θ added)</source>
        <translation>（已加上权重衰减 λ·θ）</translation>
    </message>
    <message>
        <source>Whole model: ‖g‖ = {0} · ‖Δθ‖ = {1} · ‖{2}‖ = {3}</source>
        <translation>整个模型：‖g‖ = {0} · ‖Δθ‖ = {1} · ‖{2}‖ = {3}</translation>
    </message>
    <message>
        <source>&lt;p&gt;{0} keeps its own running statistics, so its update is not the article&apos;s formula:&lt;/p&gt;&lt;p&gt;{1}: {2} → {3}, a change Δθ = {4} (plain SGD would have moved by −α·g = {5}).&lt;/p&gt;</source>
        <translation>&lt;p&gt;{0} 维护自己的滑动统计量，所以它的更新不是文章中的公式：&lt;/p&gt;&lt;p&gt;{1}：{2} → {3}，变化 Δθ = {4}（普通 SGD 会移动 −α·g = {5}）。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Plain SGD (β = 0): both forms are the article&apos;s &lt;b&gt;W ← W − α·∂L/∂W&lt;/b&gt;:&lt;/p&gt;&lt;p&gt;{0} ← {1} − {2} × {3} = &lt;b&gt;{4}&lt;/b&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;普通 SGD（β = 0）：两种形式都是文章中的 &lt;b&gt;W ← W − α·∂L/∂W&lt;/b&gt;：&lt;/p&gt;&lt;p&gt;{0} ← {1} − {2} × {3} = &lt;b&gt;{4}&lt;/b&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>PyTorch&apos;s b</source>
        <translation>PyTorch 的 b</translation>
    </message>
    <message>
        <source>the article&apos;s v</source>
        <translation>文章的 v</translation>
    </message>
    <message>
        <source>&lt;p&gt;The same update: v = −α·b → {0} = −{1} × {2} ✓ (difference {3:.1e}). The engine recorded {4}; the other form follows from it.&lt;/p&gt;</source>
        <translation>&lt;p&gt;同一个更新：v = −α·b → {0} = −{1} × {2} ✓（差值 {3:.1e}）。引擎记录的是{4}；另一种形式由它推出。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>The article (v is the velocity)</source>
        <translation>文章（v 是速度）</translation>
    </message>
    <message>
        <source>PyTorch torch.optim.SGD (b is the momentum buffer)</source>
        <translation>PyTorch torch.optim.SGD（b 是动量缓冲区）</translation>
    </message>
</context>
<context>
    <name>WindowPreferences</name>
    <message>
        <source>Defaults restored: the seed&apos;s example, 60,000 samples / batch 64 → 938 iterations per epoch.</source>
        <translation>已恢复默认设置：文章的例子，60,000 个样本 / 批大小 64 → 每个周期 938 次迭代。</translation>
    </message>
    <message>
        <source>Preset “{0}”: {1}</source>
        <translation>预设“{0}”：{1}</translation>
    </message>
    <message>
        <source>&amp;Presets</source>
        <translation>预设(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Restore defaults</source>
        <translation>恢复默认设置(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>浅色(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>深色(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>Follow the &amp;system</source>
        <translation>跟随系统(&amp;S)</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>The compiled translations are missing; run “make translations”. Staying in English.</source>
        <translation>缺少编译好的翻译文件；请运行“make translations”。界面保持英文。</translation>
    </message>
</context>
</TS>
